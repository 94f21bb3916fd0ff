export * from './envelope';
export * from './enums';
export * from './common';
export * from './notify';
export * from './account';
export * from './contract';
export * from './labels';
