/**
 * A field error message of one or several lines (see applyPasswordProblem: one per password rule broken), for a
 * Mantine input's `error`, which is a paragraph: the lines are spans shown as blocks.
 */
export function FieldProblems({ message }: { message: string }) {
  const lines = message.split('\n');
  if (lines.length === 1) return message;
  return lines.map((line, index) => (
    <span key={`${String(index)}-${line}`} style={{ display: 'block' }}>
      {line}
    </span>
  ));
}
