import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api';
import { problemFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { CustomFieldInputs, customFieldErrors } from './CustomFieldInputs';
import type { CustomField } from './customFieldsApi';
import { customFieldListFixture, EVERY_TYPE, personFixture, servePeople } from './dataFixtures';

const ANN = personFixture();

function serveDefinitions(items: CustomField[] = EVERY_TYPE) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/custom-fields'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(customFieldListFixture(items));
    }),
  );
  servePeople([ANN]);
  return seen;
}

function Harness({
  initial = {},
  errors,
  onChange,
}: {
  initial?: Record<string, unknown>;
  errors?: Record<string, string>;
  onChange: (value: Record<string, unknown>) => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <div data-testid="holder">
      <CustomFieldInputs
        entityType="asset"
        value={value}
        errors={errors}
        onChange={(next) => {
          setValue(next);
          onChange(next);
        }}
      />
    </div>
  );
}

describe('CustomFieldInputs', () => {
  it('asks for the active fields of the entity type, in form order', async () => {
    const seen = serveDefinitions();
    renderWithProviders(<Harness onChange={vi.fn()} />);
    await screen.findByRole('textbox', { name: /^Cost centre/ });
    expect(Object.fromEntries(seen[0]!)).toEqual({ entity_type: 'asset', sort: 'position', limit: '200' });
  });

  it('renders one input per field, by type, with its label, help and required mark', async () => {
    serveDefinitions();
    renderWithProviders(<Harness onChange={vi.fn()} />);
    const text = await screen.findByRole('textbox', { name: /^Cost centre/ });
    expect(text).toBeRequired();
    expect(screen.getByText('The finance code the asset is charged to.')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Notes' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('textbox', { name: 'Power (W)' })).toHaveValue('');
    expect(screen.getByLabelText('Audited on')).toHaveAttribute('type', 'date');
    expect(screen.getByRole('switch', { name: 'Operational technology' })).not.toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Tier' })).toBeVisible();
    expect(screen.getByRole('combobox', { name: 'Zones' })).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Runbook' })).toHaveAttribute('type', 'url');
    expect(screen.getByRole('combobox', { name: 'Owner' })).toBeVisible();
  });

  it('reports each change as the whole value object', async () => {
    serveSession();
    serveDefinitions();
    const onChange = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Harness initial={{ legacy_key: 'kept' }} onChange={onChange} />);

    await user.type(await screen.findByRole('textbox', { name: /^Cost centre/ }), 'CC-42');
    expect(onChange).toHaveBeenLastCalledWith({ legacy_key: 'kept', cost_centre: 'CC-42' });
    await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'Two PSUs');
    await user.type(screen.getByRole('textbox', { name: 'Power (W)' }), '1500');
    fireEvent.change(screen.getByLabelText('Audited on'), { target: { value: '2026-11-30' } });
    await user.click(screen.getByRole('switch', { name: 'Operational technology' }));
    await user.click(screen.getByRole('combobox', { name: 'Tier' }));
    await user.click(await screen.findByRole('option', { name: 'Silver' }));
    await user.click(screen.getByRole('combobox', { name: 'Zones' }));
    await user.click(await screen.findByRole('option', { name: 'South' }));
    await user.type(screen.getByRole('textbox', { name: 'Runbook' }), 'https://wiki.example/rb');
    await user.click(screen.getByRole('combobox', { name: 'Owner' }));
    await user.click(await screen.findByRole('option', { name: 'Ann Lee (ann.lee@acme-energy.example)' }));

    expect(onChange).toHaveBeenLastCalledWith({
      legacy_key: 'kept',
      cost_centre: 'CC-42',
      notes: 'Two PSUs',
      power_w: 1500,
      audited_on: '2026-11-30',
      ot: true,
      tier: 'Silver',
      zones: ['South'],
      runbook: 'https://wiki.example/rb',
      owner: ANN.id,
    });
  });

  it('shows the values it is given, and clears a value to null', async () => {
    serveDefinitions();
    const onChange = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(
      <Harness initial={{ cost_centre: 'CC-1', power_w: 80, ot: true, tier: 'Gold', zones: ['North'] }} onChange={onChange} />,
    );
    const text = await screen.findByRole('textbox', { name: /^Cost centre/ });
    expect(text).toHaveValue('CC-1');
    expect(screen.getByRole('textbox', { name: 'Power (W)' })).toHaveValue('80');
    expect(screen.getByRole('switch', { name: 'Operational technology' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Tier' })).toHaveValue('Gold');
    await user.clear(text);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ cost_centre: null }));
  });

  it('shows the error of a field next to it', async () => {
    serveDefinitions();
    renderWithProviders(
      <Harness errors={{ tier: 'must be one of Gold, Silver, Bronze', cost_centre: 'Cost centre is required' }} onChange={vi.fn()} />,
    );
    const tier = await screen.findByRole('combobox', { name: 'Tier' });
    expect(tier).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('must be one of Gold, Silver, Bronze')).toBeVisible();
    expect(screen.getByRole('textbox', { name: /^Cost centre/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Cost centre is required')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Notes' })).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('renders nothing when the type has no custom field', async () => {
    const seen = serveDefinitions([]);
    renderWithProviders(<Harness onChange={vi.fn()} />);
    await waitFor(() => {
      expect(seen).toHaveLength(1);
    });
    const holder = await screen.findByTestId('holder');
    await waitFor(() => {
      expect(holder).toBeEmptyDOMElement();
    });
    expect(within(holder).queryByRole('textbox')).toBeNull();
  });
});

describe('customFieldErrors', () => {
  it('reads the custom field errors of a refused save by key', () => {
    const problem = problemFixture({
      status: 422,
      title: 'Unprocessable entity',
      errors: [
        { field: 'name', code: 'required', message: 'name is required' },
        { field: 'custom_fields.tier', code: 'invalid', message: 'must be one of Gold, Silver, Bronze' },
        { field: 'custom_fields.zones[1]', code: 'invalid', message: 'every item must be one of North, South' },
        { field: 'custom_fields.tier', code: 'invalid', message: 'second message' },
        { field: 'custom_fields.cost_centre', code: 'required', message: 'Cost centre is required' },
        { field: 'custom_fields', code: 'unknown_user', message: 'a user field names someone who is not an active member' },
      ],
    });
    const expected = {
      tier: 'must be one of Gold, Silver, Bronze',
      zones: 'every item must be one of North, South',
      cost_centre: 'This field is required.',
    };
    expect(customFieldErrors(problem)).toEqual(expected);
    expect(customFieldErrors(ApiError.fromBody(422, '', problem))).toEqual(expected);
    expect(customFieldErrors(new Error('boom'))).toEqual({});
  });
});
