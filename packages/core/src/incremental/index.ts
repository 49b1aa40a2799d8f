// Incremental linting of a document edited version after version (the language server's path).
export { IncrementalLinter, PER_LINK_RULES, type FallbackReason, type IncrementalResult, type IncrementalStats, type VersionWork } from './linter';
