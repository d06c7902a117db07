export * from './ops';
export * from './graph';
export * from './verify';
export * from './print';
