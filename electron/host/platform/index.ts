export type * from './platform';
