import { Alert, Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ErrorFallbackProps {
  error: unknown;
  onReset?: () => void;
}

/** The friendly face of a crash: what happened, how to recover, and the technical message folded away. */
export function ErrorFallback({ error, onReset }: ErrorFallbackProps) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Container size="sm" py="xl">
      <Stack gap="md" role="alert">
        <Group gap="sm">
          <IconAlertTriangle size={32} aria-hidden color="var(--mantine-color-red-7)" />
          <Title order={1}>{t('errors.boundary.title')}</Title>
        </Group>
        <Text>{t('errors.boundary.body')}</Text>
        <Group>
          <Button
            onClick={() => {
              window.location.reload();
            }}
          >
            {t('common.reload')}
          </Button>
          {onReset ? (
            <Button variant="default" onClick={onReset}>
              {t('common.retry')}
            </Button>
          ) : null}
        </Group>
        <Alert variant="light" color="gray" title={t('errors.boundary.details')}>
          <Code block>{message}</Code>
        </Alert>
      </Stack>
    </Container>
  );
}

/** The router's error component: an exception in a route shows the same friendly page. */
export function RouteErrorFallback({ error, reset }: ErrorComponentProps) {
  return <ErrorFallback error={error} onReset={reset} />;
}

interface ErrorBoundaryProps {
  children: ReactNode;
  fallback?: (props: ErrorFallbackProps) => ReactNode;
}

interface ErrorBoundaryState {
  error: unknown;
  hasError: boolean;
}

/** Top-level boundary: an exception while rendering shows {@link ErrorFallback} instead of a blank page. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: undefined, hasError: false };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Unhandled error while rendering', error, info.componentStack);
  }

  private readonly reset = (): void => {
    this.setState({ error: undefined, hasError: false });
  };

  override render(): ReactNode {
    if (!this.state.hasError) return this.props.children;
    const Fallback = this.props.fallback ?? ErrorFallback;
    return <Fallback error={this.state.error} onReset={this.reset} />;
  }
}
