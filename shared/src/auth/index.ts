export * from './roles'
export * from './password-policy'
export * from './route-table'
export * from './json-guard'
