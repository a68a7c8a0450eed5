export { CampsoftClient, CAMPSOFT_PRODUCTION_BASE_URL, checkBaseUrl } from './client';
export type { CampsoftClientOptions, CallInit, CallResult, Sleep } from './client';
export { createCampsoftPlatform } from './platform';
export type { CampsoftPlatformOptions } from './platform';
export { endpoints } from './endpoints';
