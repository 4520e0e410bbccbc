// The structural slice of the core API now lives below the elements (sessions use it too).
export * from '../../sessions/core-types.js';
