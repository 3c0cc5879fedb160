import { describe, expect, it } from 'vitest';
import {
  CONTROL_51_ID,
  CONTROL_52_ID,
  CONTROL_81_ID,
  controlFixture,
  GROUP_5_ID,
  GROUP_8_ID,
  isoTree,
  REQUIREMENT_81A_ID,
} from './complianceFixtures';
import { buildTree, countControls, filterTree, visibleIds } from './controlTree';

const rows = isoTree();

function shape(nodes: ReturnType<typeof buildTree>): unknown[] {
  return nodes.map((node) => (node.children.length ? [node.control.ref, shape(node.children)] : node.control.ref));
}

describe('control tree', () => {
  it('nests the rows under their parents in reading order, whatever order they came in', () => {
    expect(shape(buildTree([...rows].reverse()))).toEqual([
      ['5', ['5.1', '5.2']],
      ['8', [['8.1', ['8.1.a']]]],
    ]);
  });

  it('makes a row whose parent is missing a root', () => {
    const orphan = controlFixture({ id: 'x', parent_id: 'missing', position: 9, ref: 'X.1' });
    expect(shape(buildTree([...rows, orphan])).at(-1)).toBe('X.1');
  });

  it('keeps the ancestors of what matches the text, and the subtree of a matching group', () => {
    expect([...visibleIds(rows, { q: 'INVENTORY' })].sort()).toEqual([GROUP_8_ID, CONTROL_81_ID, REQUIREMENT_81A_ID].sort());
    expect([...visibleIds(rows, { q: '5.2' })].sort()).toEqual([GROUP_5_ID, CONTROL_52_ID].sort());
    expect([...visibleIds(rows, { q: 'organizational' })].sort()).toEqual([GROUP_5_ID, CONTROL_51_ID, CONTROL_52_ID].sort());
    expect(visibleIds(rows, { q: 'nothing like it' }).size).toBe(0);
  });

  it('filters on applicability (controls and requirements only), combined with the text', () => {
    expect([...visibleIds(rows, { applicability: 'not_applicable' })].sort()).toEqual([GROUP_5_ID, CONTROL_52_ID].sort());
    expect([...visibleIds(rows, { q: 'organizational', applicability: 'applicable' })].sort()).toEqual(
      [GROUP_5_ID, CONTROL_51_ID].sort(),
    );
    const tree = filterTree(buildTree(rows), visibleIds(rows, { applicability: 'not_applicable' }));
    expect(shape(tree)).toEqual([['5', ['5.2']]]);
  });

  it('filters on the compliance status of the controls, combined with the text', () => {
    const statuses = new Map([
      [CONTROL_51_ID, 'compliant' as const],
      [CONTROL_52_ID, 'not_applicable' as const],
      [CONTROL_81_ID, 'non_compliant' as const],
    ]);
    const statusOf = (id: string) => statuses.get(id);
    expect([...visibleIds(rows, { status: 'non_compliant' }, statusOf)].sort()).toEqual([GROUP_8_ID, CONTROL_81_ID].sort());
    expect(visibleIds(rows, { status: 'compliant', q: 'endpoint' }, statusOf).size).toBe(0);
    // Before the statuses are known, nothing matches a status.
    expect(visibleIds(rows, { status: 'compliant' }).size).toBe(0);
  });

  it('counts the controls only', () => {
    expect(countControls(rows)).toBe(3);
    expect(countControls(rows, new Set([CONTROL_51_ID, GROUP_5_ID]))).toBe(1);
  });
});
