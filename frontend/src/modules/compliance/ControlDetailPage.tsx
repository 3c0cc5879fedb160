import { Alert, Breadcrumbs, Button, Code, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import {
  IconCalendarDue,
  IconClockCheck,
  IconFileCheck,
  IconFileDescription,
  IconHistory,
  IconLink,
  IconLock,
  IconPaperclip,
  IconPencil,
  IconShieldCheck,
  IconUser,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Versioned } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { RecordTimeline } from '../../ui/timeline/RecordTimeline';
import { formatDay } from '../assets/assetFormat';
import { Details, Item, LongText, None, Section } from '../assets/DetailParts';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { ApplicabilityBadge, AttributeBadges, ControlKindBadge, ControlStatusBadge } from './ComplianceBadges';
import { type Control, controlQueryOptions, frameworkStatusQueryOptions } from './complianceApi';
import type { ControlTab } from './complianceSearch';
import { attributeEntries, attributeLabel } from './controlAttributes';
import { ControlEvidencePanel } from './ControlEvidencePanel';
import { ControlFormModal } from './ControlFormModal';
import { RulesPanel } from './RulesPanel';
import { SoaForm } from './SoaForm';

const routeApi = getRouteApi('/_app/compliance/controls/$id');

function controlName(control: Pick<Control, 'ref' | 'title'>): string {
  return `${control.ref} ${control.title}`;
}

/** Frameworks › the framework › the parent › this control. */
function ControlBreadcrumbs({ control }: { control: Control }) {
  const { t } = useTranslation();
  const parent = useQuery({ ...controlQueryOptions(control.parent_id ?? ''), enabled: control.parent_id !== null });
  return (
    <nav aria-label={t('compliance.controls.breadcrumb')}>
      <Breadcrumbs separatorMargin={6} style={{ flexWrap: 'wrap' }}>
        <RouterAnchor to="/compliance" size="sm">
          {t('compliance.frameworks.title')}
        </RouterAnchor>
        <RouterAnchor to="/compliance/frameworks/$id" params={{ id: control.framework_id }} size="sm">
          {control.framework_name}
        </RouterAnchor>
        {control.parent_id !== null && parent.data ? (
          <RouterAnchor to="/compliance/controls/$id" params={{ id: control.parent_id }} size="sm">
            {controlName(parent.data.data)}
          </RouterAnchor>
        ) : null}
        <Text size="sm" aria-current="page">
          {control.ref}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}

function OverviewTab({ control, canEdit }: { control: Versioned<Control>; canEdit: boolean }) {
  const { t } = useTranslation();
  const data = control.data;
  const [editing, setEditing] = useState(false);
  const attributes = attributeEntries(data.attributes);
  return (
    <Stack gap="md">
      {!data.editable ? (
        <Alert color="blue" variant="light" icon={<IconLock aria-hidden />}>
          {t('compliance.controls.readOnlyContent')}
        </Alert>
      ) : null}
      <Section id="control-details" title={t('compliance.controls.details')}>
        <Stack gap="md">
          {canEdit && data.editable ? (
            <Group>
              <Button
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden />}
                onClick={() => {
                  setEditing(true);
                }}
              >
                {t('compliance.controls.edit.open')}
              </Button>
            </Group>
          ) : null}
          <Details>
            <Item label={t('compliance.fields.ref')}>
              <Code>{data.ref}</Code>
            </Item>
            <Item label={t('compliance.fields.kind')}>
              <ControlKindBadge kind={data.kind} />
            </Item>
            <Item label={t('compliance.fields.description')}>
              <LongText value={data.description} />
            </Item>
            <Item label={t('compliance.fields.guidance')}>
              <LongText value={data.guidance} />
            </Item>
            {attributes.map(([name, values]) => (
              <Item key={name} label={attributeLabel(name, t)}>
                <AttributeBadges name={name} values={values} />
              </Item>
            ))}
          </Details>
        </Stack>
      </Section>
      {editing ? (
        <ControlFormModal
          opened
          control={control}
          onClose={() => {
            setEditing(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

/** The Statement of Applicability as a reader sees it. */
function SoaView({ control }: { control: Control }) {
  const { t } = useTranslation();
  return (
    <Details>
      <Item label={t('compliance.fields.applicability')}>
        <ApplicabilityBadge applicability={control.applicability} />
      </Item>
      <Item label={t('compliance.fields.justification')}>
        <LongText value={control.justification} />
      </Item>
      <Item label={t('compliance.fields.owner')}>{control.owner_name ? <Text size="sm">{control.owner_name}</Text> : <None />}</Item>
      <Item label={t('compliance.fields.tags')}>{control.tags.length > 0 ? <TagBadges tags={control.tags} /> : <None />}</Item>
    </Details>
  );
}

/**
 * The control's computed status, from its framework's status (one request per framework, shared with the framework
 * page), and when its next evidence is due. Only controls have one (neither groups nor requirements); a control that
 * does not apply says so with its applicability already.
 */
function ControlStatus({ control }: { control: Control }) {
  const { t, i18n } = useTranslation();
  const status = useQuery({ ...frameworkStatusQueryOptions(control.framework_id), enabled: control.kind === 'control' });
  const mine = status.data?.controls.find((item) => item.control_id === control.id);
  if (!mine || mine.status === 'not_applicable') return null;
  return (
    <>
      <ControlStatusBadge status={mine.status} />
      {mine.next_due ? (
        <Group gap={4}>
          <IconCalendarDue size={14} aria-hidden />
          <Text size="sm">{t('compliance.controls.nextDue', { date: formatDay(mine.next_due, i18n.language) })}</Text>
        </Group>
      ) : null}
    </>
  );
}

/**
 * Compliance → one control: its content and status, its Statement of Applicability, its evidence and rules, links,
 * attachments and history.
 */
export function ControlDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'compliance', 'write');
  const query = useQuery(controlQueryOptions(id));
  const data = query.data?.data;
  const tab: ControlTab = search.tab ?? 'overview';

  return (
    <Page title={data ? controlName(data) : t('compliance.controls.detailTitle')}>
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <ControlBreadcrumbs control={data} />
          <Group gap="xs">
            <ControlKindBadge kind={data.kind} />
            {data.kind !== 'group' ? <ApplicabilityBadge applicability={data.applicability} /> : null}
            <ControlStatus control={data} />
            {data.owner_name ? (
              <Group gap={4}>
                <IconUser size={14} aria-hidden />
                <Text size="sm">{t('compliance.controls.ownedBy', { name: data.owner_name })}</Text>
              </Group>
            ) : null}
          </Group>
          {!writer ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('compliance.controls.viewOnly')}
            </Alert>
          ) : null}
          <Tabs
            value={tab}
            keepMounted={false}
            onChange={(value) => {
              const next = (value ?? 'overview') as ControlTab;
              void navigate({ search: next === 'overview' ? {} : { tab: next }, replace: true });
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="overview" leftSection={<IconFileDescription size={16} aria-hidden />}>
                {t('compliance.tabs.overview')}
              </Tabs.Tab>
              <Tabs.Tab value="soa" leftSection={<IconShieldCheck size={16} aria-hidden />}>
                {t('compliance.tabs.soa')}
              </Tabs.Tab>
              <Tabs.Tab value="evidence" leftSection={<IconFileCheck size={16} aria-hidden />}>
                {t('compliance.tabs.evidence')}
              </Tabs.Tab>
              {data.kind === 'control' ? (
                <Tabs.Tab value="rules" leftSection={<IconClockCheck size={16} aria-hidden />}>
                  {t('compliance.tabs.rules')}
                </Tabs.Tab>
              ) : null}
              <Tabs.Tab value="links" leftSection={<IconLink size={16} aria-hidden />}>
                {t('compliance.tabs.links')}
              </Tabs.Tab>
              <Tabs.Tab value="attachments" leftSection={<IconPaperclip size={16} aria-hidden />}>
                {t('compliance.tabs.attachments')}
              </Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
                {t('compliance.tabs.history')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview">
              <OverviewTab control={query.data} canEdit={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="soa">
              <Section id="control-soa" title={t('compliance.soa.title')}>
                {writer ? (
                  <SoaForm key={query.data.data.id} control={query.data} />
                ) : (
                  <SoaView control={data} />
                )}
              </Section>
            </Tabs.Panel>
            <Tabs.Panel value="evidence">
              <ControlEvidencePanel control={data} canWrite={writer} />
            </Tabs.Panel>
            {data.kind === 'control' ? (
              <Tabs.Panel value="rules">
                <RulesPanel control={data} canWrite={writer} />
              </Tabs.Panel>
            ) : null}
            <Tabs.Panel value="links">
              <LinksPanel entityType="control" entityId={data.id} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments">
              <AttachmentsPanel ownerType="control" ownerId={data.id} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <RecordTimeline entityType="control" entityId={data.id} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
