import { Alert, Breadcrumbs, Button, Code, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import {
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
import { Details, Item, LongText, None, Section } from '../assets/DetailParts';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { ApplicabilityBadge, AttributeBadges, ControlKindBadge } from './ComplianceBadges';
import { type Control, controlQueryOptions } from './complianceApi';
import type { ControlTab } from './complianceSearch';
import { attributeEntries, attributeLabel } from './controlAttributes';
import { ControlFormModal } from './ControlFormModal';
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

/** Compliance → one control: its content, its Statement of Applicability, links, attachments and history. */
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
