import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

function Bomb({ armed }: { armed: boolean }) {
  if (armed) throw new Error('kaboom');
  return <p>All good</p>;
}

function Harness() {
  const [armed, setArmed] = useState(true);
  return (
    <ErrorBoundary
      fallback={({ error, onReset }) => (
        <button
          onClick={() => {
            setArmed(false);
            onReset?.();
          }}
        >
          {`recover from ${error instanceof Error ? error.message : '?'}`}
        </button>
      )}
    >
      <Bomb armed={armed} />
    </ErrorBoundary>
  );
}

describe('ErrorBoundary', () => {
  it('shows a friendly message instead of a blank page', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <MantineProvider env="test">
        <ErrorBoundary>
          <Bomb armed />
        </ErrorBoundary>
      </MantineProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeVisible();
    expect(screen.getByText('kaboom')).toBeInTheDocument();
  });

  it('can be reset once the cause is gone', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'recover from kaboom' }));
    expect(screen.getByText('All good')).toBeVisible();
  });
});
