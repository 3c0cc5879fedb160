import { ActionIcon, Box, Code, Group, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ApplicabilityBadge, ControlKindBadge, ControlStatusBadge } from './ComplianceBadges';
import type { ControlNode, StatusOf } from './controlTree';

export interface ControlTreeProps {
  nodes: readonly ControlNode[];
  /** Ids of the nodes whose children are hidden (ignored while a filter is applied: every match is shown). */
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** A filter is applied: every node is shown open. */
  filtering: boolean;
  label: string;
  /** Each control's compliance status, shown in place of its applicability (a status says that too). */
  statusOf?: StatusOf;
}

function countControls(node: ControlNode): number {
  return node.children.reduce((sum, child) => sum + (child.control.kind === 'control' ? 1 : 0) + countControls(child), 0);
}

function TreeItem({
  node,
  collapsed,
  onToggle,
  filtering,
  statusOf,
}: Omit<ControlTreeProps, 'nodes' | 'label'> & { node: ControlNode }) {
  const { t, i18n } = useTranslation();
  const { control, children } = node;
  const status = control.kind === 'control' ? statusOf?.(control.id) : undefined;
  const open = filtering || !collapsed.has(control.id);
  const childrenId = `control-children-${control.id}`;
  const name = `${control.ref} ${control.title}`;
  const group = control.kind === 'group';
  return (
    <li data-control-id={control.id} data-kind={control.kind}>
      <Group
        gap="xs"
        wrap="nowrap"
        py={4}
        px="xs"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        {children.length > 0 ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-expanded={open}
            aria-controls={open ? childrenId : undefined}
            aria-label={open ? t('compliance.tree.collapse', { name }) : t('compliance.tree.expand', { name })}
            disabled={filtering}
            onClick={() => {
              onToggle(control.id);
            }}
          >
            {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </ActionIcon>
        ) : (
          <Box w={22} style={{ flexShrink: 0 }} aria-hidden />
        )}
        <RouterAnchor
          to="/compliance/controls/$id"
          params={{ id: control.id }}
          size="sm"
          fw={group ? 600 : 400}
          style={{ flexGrow: 1, minWidth: 0 }}
        >
          <Code mr={4}>{control.ref}</Code> {control.title}
        </RouterAnchor>
        {group ? (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {t('compliance.tree.controlCount', {
              count: countControls(node),
              formatted: new Intl.NumberFormat(i18n.language).format(countControls(node)),
            })}
          </Text>
        ) : (
          <>
            {control.kind === 'requirement' ? <ControlKindBadge kind="requirement" /> : null}
            {status ? <ControlStatusBadge status={status} /> : <ApplicabilityBadge applicability={control.applicability} />}
          </>
        )}
        {control.owner_name ? (
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <IconUser size={14} aria-label={t('compliance.fields.owner')} />
            <Text size="xs">{control.owner_name}</Text>
          </Group>
        ) : null}
      </Group>
      {children.length > 0 && open ? (
        <ul role="list" id={childrenId} style={{ listStyle: 'none', margin: 0, paddingInlineStart: 'var(--mantine-spacing-lg)' }}>
          {children.map((child) => (
            <TreeItem
              key={child.control.id}
              node={child}
              collapsed={collapsed}
              onToggle={onToggle}
              filtering={filtering}
              statusOf={statusOf}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A framework's controls as nested lists in reading order, each control with its status; each group opens and closes. */
export function ControlTree({ nodes, collapsed, onToggle, filtering, label, statusOf }: ControlTreeProps) {
  return (
    <ul role="list" aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {nodes.map((node) => (
        <TreeItem
          key={node.control.id}
          node={node}
          collapsed={collapsed}
          onToggle={onToggle}
          filtering={filtering}
          statusOf={statusOf}
        />
      ))}
    </ul>
  );
}
