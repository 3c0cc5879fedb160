import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';

export interface DebouncedTextInputProps extends Omit<TextInputProps, 'value' | 'defaultValue' | 'onChange'> {
  /** The applied value (e.g. from the address); when it changes from elsewhere the input follows. */
  value: string;
  /** Called with the trimmed text once the user stops typing, presses Enter or leaves the input. */
  onCommit: (value: string) => void;
  /** Milliseconds of quiet before committing (default 300). */
  delay?: number;
  /** Returns an error message for a value that must not be committed. */
  validate?: (value: string) => string | undefined;
}

/**
 * A text input for filters: what the user types is applied after a pause, not on every key stroke, and the input
 * keeps what is typed while the applied value catches up.
 */
export function DebouncedTextInput({
  value,
  onCommit,
  delay = 300,
  validate,
  error,
  onKeyDown,
  onBlur,
  ...props
}: DebouncedTextInputProps) {
  const [draft, setDraft] = useState(value);
  // The applied value this input last knew of: a different one came from elsewhere (back button, "clear filters").
  const [known, setKnown] = useState(value);
  if (value !== known) {
    setKnown(value);
    setDraft(value);
  }
  const invalid = validate?.(draft.trim());

  const commit = useDebouncedCallback((next: string) => {
    const trimmed = next.trim();
    if (validate?.(trimmed) !== undefined || trimmed === known) return;
    setKnown(trimmed);
    onCommit(trimmed);
  }, delay);

  return (
    <TextInput
      {...props}
      value={draft}
      error={invalid ?? error}
      onChange={(event) => {
        setDraft(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit.flush();
        onKeyDown?.(event);
      }}
      onBlur={(event) => {
        commit.flush();
        onBlur?.(event);
      }}
    />
  );
}
