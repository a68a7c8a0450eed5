/** Moved to shared/import/validate.ts (the host validates imports too); exports.ts still reads its types from here. */
export * from '../../../shared/import/validate';
