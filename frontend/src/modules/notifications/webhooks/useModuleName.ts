import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { MODULES } from '../../../app/modules';

const SLUGS = new Set<string>(MODULES.map((module) => module.slug));

/** A module of the event catalogue in words: the navigation's name when it is a module slug, else the code. */
export function useModuleName(): (module: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (module: string) => (SLUGS.has(module) ? t(`modules.${module as (typeof MODULES)[number]['slug']}`) : module),
    [t],
  );
}
