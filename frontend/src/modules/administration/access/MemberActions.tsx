import { ActionIcon, Button, Group, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconDotsVertical,
  IconPlayerPause,
  IconRestore,
  IconShieldOff,
  IconUserShield,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Member, type MemberAction, memberActionsFor, runMemberAction, useInvalidateAccess } from './accessApi';
import { ConfirmModal } from './ConfirmModal';
import { MemberRolesModal } from './MemberRolesModal';

const ICONS = {
  suspend: IconPlayerPause,
  restore: IconRestore,
  archive: IconArchive,
  resetMfa: IconShieldOff,
} as const;

/** Archive and second-factor reset cannot be undone by a click: they are shown in red. */
const DANGER: ReadonlySet<MemberAction> = new Set(['archive', 'resetMfa', 'suspend']);

export interface MemberActionsProps {
  member: Member;
  /** ETag of the member as read (detail page), for the roles' If-Match. */
  etag?: string;
  /** A menu behind an icon (table rows) or a row of buttons (detail page). */
  variant: 'menu' | 'buttons';
}

/**
 * What an administrator (administration:admin) can do to a member: set roles, suspend, restore, archive, reset the
 * second factor — each asked for first, each refusal (409: last owner, things still held…) shown in the dialog.
 * Render it only for administrators.
 */
export function MemberActions({ member, etag, variant }: MemberActionsProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidateAccess();
  const [confirming, setConfirming] = useState<MemberAction | null>(null);
  const [editingRoles, setEditingRoles] = useState(false);
  const actions = memberActionsFor(member);
  const canSetRoles = member.status !== 'archived';

  const label = (action: MemberAction) => t(`members.actions.${action}.label`);
  const items = actions.map((action) => ({ action, Icon: ICONS[action] }));

  return (
    <>
      {variant === 'menu' ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('members.actions.menu', { name: member.name })}>
              <IconDotsVertical size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {canSetRoles ? (
              <Menu.Item
                leftSection={<IconUserShield size={16} aria-hidden />}
                onClick={() => {
                  setEditingRoles(true);
                }}
              >
                {t('members.roles.open')}
              </Menu.Item>
            ) : null}
            {items.map(({ action, Icon }) => (
              <Menu.Item
                key={action}
                color={DANGER.has(action) ? 'red.9' : undefined}
                leftSection={<Icon size={16} aria-hidden />}
                onClick={() => {
                  setConfirming(action);
                }}
              >
                {label(action)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      ) : (
        <Group gap="xs">
          {canSetRoles ? (
            <Button
              variant="default"
              leftSection={<IconUserShield size={16} aria-hidden />}
              onClick={() => {
                setEditingRoles(true);
              }}
            >
              {t('members.roles.open')}
            </Button>
          ) : null}
          {items.map(({ action, Icon }) => (
            <Button
              key={action}
              variant={DANGER.has(action) ? 'light' : 'default'}
              color={DANGER.has(action) ? 'red.9' : undefined}
              leftSection={<Icon size={16} aria-hidden />}
              onClick={() => {
                setConfirming(action);
              }}
            >
              {label(action)}
            </Button>
          ))}
        </Group>
      )}

      <ConfirmModal
        opened={confirming !== null}
        title={confirming ? t(`members.actions.${confirming}.title`, { name: member.name }) : ''}
        confirmLabel={confirming ? t(`members.actions.${confirming}.confirm`) : ''}
        danger={confirming !== null && DANGER.has(confirming)}
        onClose={() => {
          setConfirming(null);
        }}
        onConfirm={async () => {
          if (!confirming) return;
          const action = confirming;
          try {
            await runMemberAction(action, member.user_id);
          } finally {
            // A refusal may come from a state changed elsewhere: show the current one either way.
            void invalidate();
          }
          notifications.show({ color: 'green', message: t(`members.actions.${action}.done`, { name: member.name }) });
        }}
      >
        {confirming ? t(`members.actions.${confirming}.body`, { name: member.name, email: member.email }) : ''}
      </ConfirmModal>

      <MemberRolesModal
        member={editingRoles ? member : null}
        etag={etag}
        onClose={() => {
          setEditingRoles(false);
        }}
      />
    </>
  );
}
