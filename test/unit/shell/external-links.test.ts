import { describe, expect, it } from 'vitest';
import { allowedExternalUrl, EXTERNAL_REFUSED } from '../../../electron/host/external-links';

describe('allowedExternalUrl: the links the app opens in the system browser', () => {
  it.each([
    ['https://campsoft.com.br', 'https://campsoft.com.br/'],
    ['https://www.campsoft.com.br/ajuda?x=1#y', 'https://www.campsoft.com.br/ajuda?x=1#y'],
    ['https://api2.campsoft.com.br/svas/v1', 'https://api2.campsoft.com.br/svas/v1'],
    ['HTTPS://WWW.CAMPSOFT.COM.BR/', 'https://www.campsoft.com.br/'],
  ])('opens Campsoft: %s', (url, normalised) => {
    expect(allowedExternalUrl(url)).toBe(normalised);
  });

  it.each([
    'https://example.com/',
    'https://evil.example/campsoft.com.br',
    'https://campsoft.com.br.evil.example/',
    'https://evilcampsoft.com.br/',
    'https://campsoft.com.br@evil.example/',
    'https://user:pw@www.campsoft.com.br/',
    'https://www.campsoft.com.br:8443/',
    'http://www.campsoft.com.br/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://sva-desk/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });

  it('says in Portuguese why a link is refused', () => {
    expect(EXTERNAL_REFUSED).toMatch(/não pode ser aberto.*Campsoft/);
  });
});
