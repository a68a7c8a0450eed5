/**
 * Which links leave the app for the system browser. The renderer links out only to Campsoft (its
 * site and the platform's pages); any other address — even https — is refused, so a link planted in
 * data (a product description, a platform error) cannot open an arbitrary site from the app.
 */
export const EXTERNAL_HOSTS = ['campsoft.com.br'] as const;

/** `url` normalised when it is https to one of EXTERNAL_HOSTS (or a subdomain), without credentials or a port; otherwise null. */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ? url.toString() : null;
}

export const EXTERNAL_REFUSED = 'Este link não pode ser aberto: o SVA Desk só abre no navegador as páginas da Campsoft (https://…campsoft.com.br).';
