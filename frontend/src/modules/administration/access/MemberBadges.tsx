import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Member, MemberStatus } from './accessApi';

const STATUS_COLORS: Record<MemberStatus, string> = { active: 'green', suspended: 'orange', archived: 'gray' };

/** The membership status; an account suspended across the deployment says so too. */
export function MemberStatusBadge({ member }: { member: Pick<Member, 'status' | 'user_status'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Badge variant="dot" color={STATUS_COLORS[member.status]} tt="none" data-status={member.status}>
        {t(`members.status.${member.status}`)}
      </Badge>
      {member.user_status !== 'active' && member.user_status !== member.status ? (
        <Badge variant="light" color="gray" tt="none" ml={4}>
          {t(`members.accountStatus.${member.user_status}`)}
        </Badge>
      ) : null}
    </>
  );
}

/** Whether the member signs in with a second factor. */
export function MfaBadge({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={enabled ? 'green' : 'gray'} tt="none" data-mfa={enabled ? 'on' : 'off'}>
      {enabled ? t('members.mfa.on') : t('members.mfa.off')}
    </Badge>
  );
}
