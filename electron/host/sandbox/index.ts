export { startSandbox, SANDBOX_API_KEY, SANDBOX_API_SECRET, SANDBOX_API_PREFIX, SANDBOX_ADMIN_PREFIX, SANDBOX_ADMIN_HEADER, SANDBOX_PROFILES, sandboxAdminHeaders } from './server';
export type { Sandbox, SandboxKnobs, SandboxOptions, SandboxProfile, SandboxStats } from './server';
export { SandboxStore, DEMO_PRODUCTS, generateProducts } from './store';
export type { SandboxProduct, SandboxLicence, SandboxSubscriber } from './store';
export { isValidCpf, isValidCnpj } from './validation';
