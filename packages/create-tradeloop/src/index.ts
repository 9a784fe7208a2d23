export { type CreatedProject, type CreateProjectOptions, createStrategyProject } from './create-project.js';
export { InvalidOptionsError, TargetNotEmptyError } from './errors.js';
export { type DependencyVersions, releasedWithVersions } from './template-versions.js';
