/** Configuração › Geral › Pacotes: what other screens may use of this feature. */
export { PackagesPage } from './PackagesPage';
export { centsToInput } from './money-input';
export { PACKAGE_TABLES, packageKindLabel, packageName, productInactive, useActivePackages, usePackage, usePackages } from './queries';
