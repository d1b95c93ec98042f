import {type Document, parseAllDocuments} from 'yaml';
import {ManifestError} from './shape.ts';

// Throws a ManifestError for the first syntax error of a parsed document, naming the document and the line.
export const throwOnSyntaxError = (document: Document, index: number): void => {
  const [error] = document.errors;
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    throw new ManifestError(
      {document: index + 1, path: []},
      `${line === undefined ? '' : `line ${line}: `}${error.message.split('\n')[0]?.replace(/:$/, '')}`,
    );
  }
};

// Parses every document of a YAML stream into plain values; a syntax error names its document and line.
export const parseDocuments = (text: string): unknown[] =>
  parseAllDocuments(text).map((document, index) => {
    throwOnSyntaxError(document, index);
    return documentValue(document, index);
  });

// The plain value of a parsed document; an alias without its anchor names the document.
export const documentValue = (document: Document, index: number): unknown => {
  try {
    return document.toJS({maxAliasCount: 1_000}) as unknown;
  } catch (error) {
    throw new ManifestError({document: index + 1, path: []}, (error as Error).message.split('\n')[0] ?? '');
  }
};
