import { describe, expect, it } from 'vitest';
import { metaFixture, organizationFixture } from '../test/fixtures';
import { enabledModules } from './deployment';

describe('enabledModules', () => {
  it('is the intersection of the deployment and the organisation', () => {
    const meta = metaFixture({
      modules: [
        { slug: 'assets', enabled: true },
        { slug: 'risk', enabled: false },
        { slug: 'finance', enabled: true },
      ],
    });
    const organization = organizationFixture({ enabled_modules: ['assets', 'risk', 'people'] });
    expect([...enabledModules(meta, organization)]).toEqual(['assets']);
  });

  it('is empty until both are known', () => {
    expect(enabledModules(metaFixture(), undefined).size).toBe(0);
    expect(enabledModules(undefined, organizationFixture()).size).toBe(0);
  });
});
