import { Alert, Code, Skeleton, Tabs } from '@mantine/core';
import { IconArrowLeft, IconLock, IconQuestionMark } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../lib/me';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterButton } from '../../../ui/RouterLinks';
import { EmailTemplateEditor } from './EmailTemplateEditor';
import {
  type EmailTemplate,
  emailTemplateQueryOptions,
  eventCatalogueQueryOptions,
  isTemplateLocale,
  TEMPLATE_LOCALES,
  type TemplateLocale,
} from './notificationSettingsApi';

const routeApi = getRouteApi('/_app/administration/notifications/$event/templates');

interface SectionProps {
  eventCode: string;
  eventName: string;
  locale: TemplateLocale;
  readOnly: boolean;
}

interface BaselineProps extends SectionProps {
  latest: EmailTemplate;
  reload: () => Promise<EmailTemplate | undefined>;
  reloading: boolean;
}

/**
 * Keeps the version under edit apart from the cache: a background read that brings someone else's newer version must
 * not wipe what the user is typing. The editor starts over on a new version only after a save, a reset or a reload.
 */
function TemplateBaseline({ latest, reload, reloading, readOnly, ...section }: BaselineProps) {
  const [baseline, setBaseline] = useState({ template: latest, generation: 0 });
  const replace = (template: EmailTemplate) => {
    setBaseline((previous) => ({ template, generation: previous.generation + 1 }));
  };
  // Reading only, there is nothing to lose: follow the latest version.
  const shown = readOnly ? latest : baseline.template;
  return (
    <EmailTemplateEditor
      key={readOnly ? `${String(latest.version)}:${String(latest.system)}` : baseline.generation}
      {...section}
      readOnly={readOnly}
      template={shown}
      latest={latest}
      onReplaced={replace}
      reloading={reloading}
      onReload={() => {
        void reload().then((reloaded) => {
          if (reloaded) replace(reloaded);
        });
      }}
    />
  );
}

/** One language's template, read from the server. */
function TemplateSection(props: SectionProps) {
  const query = useQuery(emailTemplateQueryOptions(props.eventCode, props.locale));
  const { refetch } = query;
  if (query.isPending) return <Skeleton height={480} radius="md" />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void refetch()} />;
  return (
    <TemplateBaseline
      {...props}
      latest={query.data}
      reloading={query.isFetching}
      reload={async () => (await refetch()).data}
    />
  );
}

/**
 * Administration → Notification settings → an event's e-mail templates: one tab per language (in the address, so that
 * a language can be linked to), each with its editor and live preview.
 */
export function EmailTemplatePage() {
  const { t, i18n } = useTranslation();
  const { event: eventCode } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const readOnly = !can(me.data, 'administration', 'admin');
  const catalogue = useQuery(eventCatalogueQueryOptions());
  const event = catalogue.data?.find((candidate) => candidate.code === eventCode);
  const unknown = catalogue.isSuccess && event === undefined;
  const uiLanguage = i18n.language;
  const locale: TemplateLocale = search.locale ?? (isTemplateLocale(uiLanguage) ? uiLanguage : 'en');
  const eventName = event?.name ?? eventCode;

  return (
    <Page
      title={event ? t('notificationSettings.template.title', { event: event.name }) : t('notificationSettings.template.titleFallback')}
      description={
        <>
          {event?.description} <Code>{eventCode}</Code>
        </>
      }
      actions={
        <RouterButton to="/administration/notifications" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('notificationSettings.template.back')}
        </RouterButton>
      }
    >
      {me.isPending || catalogue.isPending ? <Skeleton height={480} radius="md" /> : null}
      {catalogue.isError ? <QueryError error={catalogue.error} onRetry={() => void catalogue.refetch()} /> : null}
      {unknown ? (
        <Alert color="gray" variant="light" icon={<IconQuestionMark aria-hidden />} title={t('notificationSettings.template.unknown.title')}>
          {t('notificationSettings.template.unknown.body', { event: eventCode })}
        </Alert>
      ) : null}
      {!me.isPending && !catalogue.isPending && !unknown ? (
        <>
          {readOnly ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
              {t('notificationSettings.template.viewOnly')}
            </Alert>
          ) : null}
          <Tabs
            value={locale}
            keepMounted={false}
            onChange={(value) => {
              if (isTemplateLocale(value) && value !== locale) void navigate({ search: { locale: value } });
            }}
          >
            <Tabs.List aria-label={t('notificationSettings.template.languages')}>
              {TEMPLATE_LOCALES.map((candidate) => (
                <Tabs.Tab key={candidate} value={candidate}>
                  {t(`notificationSettings.template.locales.${candidate}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {TEMPLATE_LOCALES.map((candidate) => (
              <Tabs.Panel key={candidate} value={candidate} pt="md">
                {candidate === locale ? (
                  <TemplateSection eventCode={eventCode} eventName={eventName} locale={candidate} readOnly={readOnly} />
                ) : null}
              </Tabs.Panel>
            ))}
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
