import { describe, expect, it } from 'vitest';
import * as domain from '../../../shared/domain';

describe('shared/domain entry point', () => {
  it('offers every rule from one import', () => {
    for (const name of [
      'Package', 'parseDocument', 'parsePhone', 'parseEmail', 'formatBRL', 'generateLabel', 'validateComposition',
      'desiredLicenceState', 'effectivePassword', 'allowedPackages', 'PackageForm',
    ]) {
      expect(domain).toHaveProperty(name);
    }
  });
});
