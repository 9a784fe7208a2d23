export const strategy = { name: 'not-a-default-export' };
