/**
 * The moves of an asset's life, each a dialog that sends the If-Match of the version on screen: check-out to a person,
 * check-in, and the hand-made status changes that the state machine allows from the current status.
 */
import { Button, Group, Modal, Radio, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApiError,
  type FieldError,
  fieldErrorMessage,
  normalizeFieldPath,
  toApiError,
  type Versioned,
} from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { PersonSelect } from '../data/PersonSelect';
import { AssetStatusBadge } from './AssetBadges';
import { ConflictAlert } from './ConflictAlert';
import {
  allLocationsQueryOptions,
  allowedTransitions,
  type Asset,
  type AssetCheckIn,
  type AssetCheckOut,
  type AssetStatus,
  type AssetTransition,
  useCheckInAsset,
  useCheckOutAsset,
  useTransitionAsset,
  versionedEtag,
} from './assetsApi';

const MAX_NOTE = 2000;

export interface Refusal {
  error: ApiError;
  /** Field errors on the dialog's inputs, by field. */
  fields: Record<string, string>;
  unmatched: FieldError[];
}

/** Splits a refusal into messages for the dialog's inputs and the rest, shown in its alert. */
function refusalOf(thrown: unknown, fields: readonly string[]): Refusal {
  const error = toApiError(thrown);
  const byField: Record<string, string> = {};
  const unmatched: FieldError[] = [];
  for (const fieldError of error.errors) {
    const field = normalizeFieldPath(fieldError.field).split('.')[0] ?? '';
    if (fields.includes(field)) byField[field] ??= fieldErrorMessage(fieldError);
    else unmatched.push(fieldError);
  }
  return { error, fields: byField, unmatched };
}

interface ActionModalProps {
  opened: boolean;
  asset: Versioned<Asset>;
  /** Reads the asset again (after a 412). */
  reload: () => Promise<unknown>;
  onClose: () => void;
}

/** What the moves need to know of the item moved: an asset or a peripheral. */
export interface Movable {
  id: string;
  name: string;
  status: AssetStatus;
  location_id: string | null;
  holder_name: string | null;
  version: number;
}

/** A move's mutation (check-out, check-in, transition of an asset or a peripheral). */
export interface MoveMutation<B> {
  isPending: boolean;
  mutate: (
    variables: { body: B; etag: string },
    options: { onSuccess: (saved: Movable) => void; onError: (error: unknown) => void },
  ) => void;
}

export interface MoveDialogProps<B> {
  opened: boolean;
  item: Versioned<Movable>;
  mutation: MoveMutation<B>;
  reload: () => Promise<unknown>;
  onClose: () => void;
}

/** The frame of an action dialog: the stale-version alert, the refusal, the inputs and the buttons. */
export function ActionDialog({
  opened,
  title,
  label,
  submitLabel,
  pending,
  conflict,
  refusal,
  reload,
  onClose,
  onSubmit,
  children,
}: {
  opened: boolean;
  title: string;
  label: string;
  submitLabel: string;
  pending: boolean;
  conflict: boolean;
  refusal: Refusal | null;
  reload: () => Promise<unknown>;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form
        noValidate
        aria-label={label}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="md">
          {conflict ? (
            <ConflictAlert
              body={t('assets.actions.conflictBody')}
              onReload={async () => {
                await reload();
                onClose();
              }}
            />
          ) : null}
          {refusal && (refusal.unmatched.length > 0 || Object.keys(refusal.fields).length === 0) ? (
            <ProblemAlert error={refusal.error} unmatched={refusal.unmatched} />
          ) : null}
          {children}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} disabled={conflict}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function useLocationOptions(current: string | null) {
  const locations = useQuery(allLocationsQueryOptions());
  const options = (locations.data ?? []).map((location) => ({ value: location.id, label: location.name }));
  if (current && !options.some((option) => option.value === current)) options.push({ value: current, label: current });
  return options;
}

/** Runs an action; a 412 turns the dialog into "reload", other refusals go to the inputs and the alert. */
function useActionState(fields: readonly string[]) {
  const [conflict, setConflict] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const reset = () => {
    setConflict(false);
    setRefusal(null);
  };
  const fail = (thrown: unknown) => {
    const error = toApiError(thrown);
    if (error.isPreconditionFailed) {
      setConflict(true);
      return;
    }
    setRefusal(refusalOf(error, fields));
  };
  return { conflict, refusal, reset, fail };
}

/** Gives an asset in stock to a person (an active member), at a location or remote. */
export function CheckOutModal({ asset, ...props }: ActionModalProps) {
  return <CheckOutDialog {...props} item={asset} mutation={useCheckOutAsset(asset.data.id)} />;
}

/** Gives an item in stock to a person (an active member), at a location or remote. */
export function CheckOutDialog({ opened, item: asset, mutation: checkOut, reload, onClose }: MoveDialogProps<AssetCheckOut>) {
  const { t } = useTranslation();
  const data = asset.data;
  const [userId, setUserId] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(data.location_id);
  const [remote, setRemote] = useState(false);
  const [note, setNote] = useState('');
  const [missingUser, setMissingUser] = useState(false);
  const state = useActionState(['user_id', 'location_id', 'remote', 'note']);
  const locations = useLocationOptions(data.location_id);
  const close = () => {
    state.reset();
    setMissingUser(false);
    onClose();
  };
  return (
    <ActionDialog
      opened={opened}
      title={t('assets.checkOut.title', { name: data.name })}
      label={t('assets.checkOut.title', { name: data.name })}
      submitLabel={t('assets.checkOut.submit')}
      pending={checkOut.isPending}
      conflict={state.conflict}
      refusal={state.refusal}
      reload={reload}
      onClose={close}
      onSubmit={() => {
        if (userId === null) {
          setMissingUser(true);
          return;
        }
        state.reset();
        checkOut.mutate(
          {
            body: {
              user_id: userId,
              ...(locationId !== null ? { location_id: locationId } : {}),
              remote,
              ...(note.trim() ? { note: note.trim() } : {}),
            },
            etag: versionedEtag(asset),
          },
          {
            onSuccess: (saved) => {
              notifications.show({
                color: 'green',
                message: t('assets.checkOut.done', { name: saved.name, holder: saved.holder_name ?? '' }),
              });
              close();
            },
            onError: state.fail,
          },
        );
      }}
    >
      <PersonSelect
        label={t('assets.checkOut.person')}
        description={t('assets.checkOut.personDescription')}
        value={userId}
        onChange={(value) => {
          setUserId(value);
          setMissingUser(false);
        }}
        error={missingUser ? t('validation.required') : state.refusal?.fields.user_id}
      />
      <Select
        label={t('assets.fields.location')}
        description={t('assets.checkOut.locationDescription')}
        placeholder={t('assets.form.noLocation')}
        data={locations}
        value={locationId}
        onChange={setLocationId}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('assets.form.clearLocation') }}
        error={state.refusal?.fields.location_id}
        comboboxProps={{ withinPortal: true }}
      />
      <Switch
        label={t('assets.checkOut.remote')}
        description={t('assets.checkOut.remoteDescription')}
        checked={remote}
        onChange={(event) => {
          setRemote(event.currentTarget.checked);
        }}
        error={state.refusal?.fields.remote}
      />
      <Textarea
        label={t('assets.actions.note')}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
        }}
        maxLength={MAX_NOTE}
        rows={2}
        error={state.refusal?.fields.note}
      />
    </ActionDialog>
  );
}

/** Takes an asset back in stock, at a location (by default where it was). */
export function CheckInModal({ asset, ...props }: ActionModalProps) {
  return <CheckInDialog {...props} item={asset} mutation={useCheckInAsset(asset.data.id)} />;
}

/** Takes an item back in stock, at a location (by default where it was). */
export function CheckInDialog({ opened, item: asset, mutation: checkIn, reload, onClose }: MoveDialogProps<AssetCheckIn>) {
  const { t } = useTranslation();
  const data = asset.data;
  const [locationId, setLocationId] = useState<string | null>(data.location_id);
  const [note, setNote] = useState('');
  const state = useActionState(['location_id', 'note']);
  const locations = useLocationOptions(data.location_id);
  const close = () => {
    state.reset();
    onClose();
  };
  return (
    <ActionDialog
      opened={opened}
      title={t('assets.checkIn.title', { name: data.name })}
      label={t('assets.checkIn.title', { name: data.name })}
      submitLabel={t('assets.checkIn.submit')}
      pending={checkIn.isPending}
      conflict={state.conflict}
      refusal={state.refusal}
      reload={reload}
      onClose={close}
      onSubmit={() => {
        state.reset();
        checkIn.mutate(
          {
            body: {
              ...(locationId !== null ? { location_id: locationId } : {}),
              ...(note.trim() ? { note: note.trim() } : {}),
            },
            etag: versionedEtag(asset),
          },
          {
            onSuccess: (saved) => {
              notifications.show({ color: 'green', message: t('assets.checkIn.done', { name: saved.name }) });
              close();
            },
            onError: state.fail,
          },
        );
      }}
    >
      {data.holder_name ? <Text size="sm">{t('assets.checkIn.from', { holder: data.holder_name })}</Text> : null}
      <Select
        label={t('assets.fields.location')}
        description={t('assets.checkIn.locationDescription')}
        placeholder={t('assets.form.noLocation')}
        data={locations}
        value={locationId}
        onChange={setLocationId}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('assets.form.clearLocation') }}
        error={state.refusal?.fields.location_id}
        comboboxProps={{ withinPortal: true }}
      />
      <Textarea
        label={t('assets.actions.note')}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
        }}
        maxLength={MAX_NOTE}
        rows={2}
        error={state.refusal?.fields.note}
      />
    </ActionDialog>
  );
}

/** Moves the asset to one of the statuses its current one allows by hand. */
export function TransitionModal({ asset, ...props }: ActionModalProps) {
  return <TransitionDialog {...props} item={asset} mutation={useTransitionAsset(asset.data.id)} />;
}

/** Moves the item to one of the statuses its current one allows by hand. */
export function TransitionDialog({
  opened,
  item: asset,
  mutation: transition,
  reload,
  onClose,
}: MoveDialogProps<AssetTransition>) {
  const { t } = useTranslation();
  const data = asset.data;
  const allowed = allowedTransitions(data.status);
  const [status, setStatus] = useState<AssetStatus | null>(allowed.length === 1 ? (allowed[0] ?? null) : null);
  const [note, setNote] = useState('');
  const [missingStatus, setMissingStatus] = useState(false);
  const state = useActionState(['status', 'note']);
  const close = () => {
    state.reset();
    setMissingStatus(false);
    onClose();
  };
  return (
    <ActionDialog
      opened={opened}
      title={t('assets.transition.title', { name: data.name })}
      label={t('assets.transition.title', { name: data.name })}
      submitLabel={t('assets.transition.submit')}
      pending={transition.isPending}
      conflict={state.conflict}
      refusal={state.refusal}
      reload={reload}
      onClose={close}
      onSubmit={() => {
        if (status === null) {
          setMissingStatus(true);
          return;
        }
        state.reset();
        transition.mutate(
          { body: { status, ...(note.trim() ? { note: note.trim() } : {}) }, etag: versionedEtag(asset) },
          {
            onSuccess: (saved) => {
              notifications.show({
                color: 'green',
                message: t('assets.transition.done', { name: saved.name, status: t(`assets.status.${saved.status}`) }),
              });
              close();
            },
            onError: state.fail,
          },
        );
      }}
    >
      <Group gap="xs">
        <Text size="sm">{t('assets.transition.current')}</Text>
        <AssetStatusBadge status={data.status} />
      </Group>
      <Radio.Group
        name="status"
        label={t('assets.transition.next')}
        value={status}
        onChange={(value) => {
          setStatus(value);
          setMissingStatus(false);
        }}
        error={missingStatus ? t('assets.transition.chooseStatus') : state.refusal?.fields.status}
        required
      >
        <Stack gap="xs" mt="xs">
          {allowed.map((next) => (
            <Radio key={next} value={next} label={t(`assets.status.${next}`)} description={t(`assets.transition.help.${next}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        label={t('assets.actions.note')}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
        }}
        maxLength={MAX_NOTE}
        rows={2}
        error={state.refusal?.fields.note}
      />
    </ActionDialog>
  );
}
