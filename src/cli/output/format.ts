// Figure formatting lives in src/core/format.ts (reports and the app use it too); CLI code may import it from here.
export * from '../../core/format';
