/**
 * The control tree of a framework from the API's flat rows (reading order, each with its parent), and the browser-side
 * filter of the framework page: a text in the reference or title, an applicability, a compliance status. A row that
 * matches brings its ancestors along, so that every match is shown where it sits; a group that matches the text brings
 * its whole subtree.
 */
import type { Applicability, Control, ControlStatusValue } from './complianceApi';

export interface ControlNode {
  control: Control;
  children: ControlNode[];
}

export interface TreeFilter {
  q?: string;
  applicability?: Applicability;
  /** Only controls (neither groups nor requirements) have a status. */
  status?: ControlStatusValue;
}

/** A control's status, from the framework's status (undefined while unknown). */
export type StatusOf = (controlId: string) => ControlStatusValue | undefined;

/** The roots of the tree, children in reading order; a row whose parent is missing becomes a root. */
export function buildTree(rows: readonly Control[]): ControlNode[] {
  const ordered = [...rows].sort((a, b) => a.position - b.position);
  const nodes = new Map<string, ControlNode>();
  const list = ordered.map((control): ControlNode => ({ control, children: [] }));
  for (const node of list) nodes.set(node.control.id, node);
  const roots: ControlNode[] = [];
  for (const node of list) {
    const { control } = node;
    const parent = control.parent_id !== null ? nodes.get(control.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function isFiltering(filter: TreeFilter): boolean {
  return Boolean(filter.q?.trim()) || filter.applicability !== undefined || filter.status !== undefined;
}

function textMatches(control: Control, needle: string): boolean {
  return control.ref.toLocaleLowerCase().includes(needle) || control.title.toLocaleLowerCase().includes(needle);
}

/**
 * The ids of the rows to show: every row when nothing filters; otherwise the rows that match (a group only matches
 * the text, the applicability is the controls' and requirements', the status the controls') and their ancestors.
 */
export function visibleIds(rows: readonly Control[], filter: TreeFilter, statusOf: StatusOf = () => undefined): Set<string> {
  if (!isFiltering(filter)) return new Set(rows.map((row) => row.id));
  const needle = filter.q?.trim().toLocaleLowerCase() ?? '';
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Whether the row or one of its ancestors matches the text (memoised: ancestors are looked up once).
  const textHit = new Map<string, boolean>();
  const hit = (row: Control, seen: Set<string> = new Set()): boolean => {
    const known = textHit.get(row.id);
    if (known !== undefined) return known;
    if (seen.has(row.id)) return false; // a cycle would be the server's bug; do not loop on it
    seen.add(row.id);
    const parent = row.parent_id !== null ? byId.get(row.parent_id) : undefined;
    const result = needle === '' || textMatches(row, needle) || (parent !== undefined && hit(parent, seen));
    textHit.set(row.id, result);
    return result;
  };
  const visible = new Set<string>();
  for (const row of rows) {
    const applicable =
      filter.applicability === undefined || (row.kind !== 'group' && row.applicability === filter.applicability);
    const status = filter.status === undefined || (row.kind === 'control' && statusOf(row.id) === filter.status);
    if (!applicable || !status || !hit(row)) continue;
    // The row and its ancestors, up to one already shown.
    let current: Control | undefined = row;
    while (current && !visible.has(current.id)) {
      visible.add(current.id);
      current = current.parent_id !== null ? byId.get(current.parent_id) : undefined;
    }
  }
  return visible;
}

/** The tree restricted to the visible rows (a node is kept when it is visible; its hidden children are dropped). */
export function filterTree(nodes: readonly ControlNode[], visible: ReadonlySet<string>): ControlNode[] {
  const out: ControlNode[] = [];
  for (const node of nodes) {
    if (!visible.has(node.control.id)) continue;
    out.push({ control: node.control, children: filterTree(node.children, visible) });
  }
  return out;
}

/** The number of controls (neither groups nor requirements) among the rows. */
export function countControls(rows: readonly Control[], ids?: ReadonlySet<string>): number {
  return rows.filter((row) => row.kind === 'control' && (ids === undefined || ids.has(row.id))).length;
}
