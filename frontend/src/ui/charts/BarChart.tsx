/**
 * Small dependency-free bar charts. Each is a <figure> named by its <figcaption>; the bars are drawn for sighted users
 * (hidden from assistive technology) and the same figures are given to screen readers as a visually hidden table.
 */
import { Box, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';

export interface BarDatum {
  /** Stable key (status, month…). */
  key: string;
  label: string;
  value: number;
  /** A theme colour ('blue', 'green'…); the chart's colour when absent. */
  color?: string;
}

export interface BarChartProps {
  title: string;
  data: readonly BarDatum[];
  /** Header of the label column of the screen reader table (e.g. "Status"). */
  labelHeader: string;
  /** Header of the value column (e.g. "Assets"). */
  valueHeader: string;
  /** Formats a value for display (default: locale number). */
  format?: (value: number) => string;
  color?: string;
  /** Shown instead of the bars when every value is zero or there is no data. */
  emptyText: string;
  orientation?: 'horizontal' | 'vertical';
}

function fill(color: string): string {
  return `var(--mantine-color-${color}-filled)`;
}

function DataTable({ title, data, labelHeader, valueHeader, format }: Omit<BarChartProps, 'emptyText'> & { format: (value: number) => string }) {
  return (
    <VisuallyHidden>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.key}>
              <th scope="row">{datum.label}</th>
              <td>{format(datum.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </VisuallyHidden>
  );
}

function HorizontalBars({ data, max, color, format }: { data: readonly BarDatum[]; max: number; color: string; format: (value: number) => string }) {
  return (
    <Stack gap={6} aria-hidden>
      {data.map((datum) => (
        <Group key={datum.key} gap="sm" wrap="nowrap" data-bar={datum.key}>
          <Text size="sm" w="35%" truncate="end" title={datum.label}>
            {datum.label}
          </Text>
          <Box style={{ flex: 1 }}>
            <svg width="100%" height="14" role="presentation" focusable="false">
              <rect x="0" y="0" width="100%" height="14" rx="3" fill="var(--mantine-color-default-border)" opacity="0.35" />
              <rect
                x="0"
                y="0"
                width={`${String(max > 0 ? (datum.value / max) * 100 : 0)}%`}
                height="14"
                rx="3"
                fill={fill(datum.color ?? color)}
              />
            </svg>
          </Box>
          <Text size="sm" w="4rem" ta="right" ff="monospace">
            {format(datum.value)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

const WIDTH = 600;
const HEIGHT = 200;
const LABEL_SPACE = 22;
const VALUE_SPACE = 16;

function VerticalBars({ data, max, color, format }: { data: readonly BarDatum[]; max: number; color: string; format: (value: number) => string }) {
  const slot = WIDTH / Math.max(data.length, 1);
  const barWidth = Math.max(4, slot * 0.6);
  const plot = HEIGHT - LABEL_SPACE - VALUE_SPACE;
  return (
    <svg viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`} width="100%" aria-hidden focusable="false" style={{ maxHeight: 260 }}>
      <line x1="0" x2={WIDTH} y1={HEIGHT - LABEL_SPACE} y2={HEIGHT - LABEL_SPACE} stroke="var(--mantine-color-default-border)" />
      {data.map((datum, index) => {
        const height = max > 0 ? (datum.value / max) * plot : 0;
        const x = index * slot + (slot - barWidth) / 2;
        const y = HEIGHT - LABEL_SPACE - height;
        return (
          <g key={datum.key} data-bar={datum.key}>
            <rect x={x} y={y} width={barWidth} height={height} rx="2" fill={fill(datum.color ?? color)} />
            <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" fontSize="11" fill="var(--mantine-color-text)">
              {format(datum.value)}
            </text>
            <text
              x={x + barWidth / 2}
              y={HEIGHT - 6}
              textAnchor="middle"
              fontSize="11"
              fill="var(--mantine-color-dimmed)"
            >
              {datum.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function BarChart({
  title,
  data,
  labelHeader,
  valueHeader,
  format = (value) => new Intl.NumberFormat().format(value),
  color = 'blue',
  emptyText,
  orientation = 'horizontal',
}: BarChartProps) {
  const captionId = useId();
  const max = data.reduce((highest, datum) => Math.max(highest, datum.value), 0);
  return (
    <Box component="figure" m={0} aria-labelledby={captionId}>
      <Text component="figcaption" id={captionId} fw={600} mb="sm">
        {title}
      </Text>
      {max === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : orientation === 'horizontal' ? (
        <HorizontalBars data={data} max={max} color={color} format={format} />
      ) : (
        <VerticalBars data={data} max={max} color={color} format={format} />
      )}
      {max > 0 ? (
        <DataTable title={title} data={data} labelHeader={labelHeader} valueHeader={valueHeader} format={format} />
      ) : null}
    </Box>
  );
}
