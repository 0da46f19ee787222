export * from './deployment-status.js';
export * from './environment-key.js';
export * from './events.js';
export * from './failure-cause.js';
export * from './incident-event.js';
export * from './project-settings.js';
export * from './provider-id.js';
export * from './pull-request.js';
