/**
 * The rule library's reading side: rule sources (folder, zip, single file, upload) to rule
 * documents with ids and metadata, and a stored document back to a compiled rule.
 */
export {
  type CompiledDocument,
  compileParsedRule,
  type DocumentText,
  type LoadedDocument,
  loadRuleDocument,
  type ParsedDocument,
  parseRuleDocument,
} from './compile.ts';
export {
  derivedRuleId,
  parseOneDocument,
  type RuleDocument,
  type RuleKind,
  type SplitResult,
  splitRuleFile,
} from './documents.ts';
export {
  DEFAULT_LIMITS,
  fromTexts,
  isYamlName,
  type LibraryLimits,
  type RuleSourceFile,
  readRuleFile,
  readRuleFolder,
  readRuleSource,
  readRuleZip,
  type SourceProblem,
  type SourceRead,
  unsafePath,
} from './sources.ts';
