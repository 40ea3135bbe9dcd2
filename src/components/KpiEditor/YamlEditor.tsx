import React, { useEffect, useRef } from 'react';
import { CodeEditor, Monaco, MonacoEditor } from '@grafana/ui';
import type { Problem } from '../../core/catalog/problems';
import { testIds } from '../testIds';

/** Marker owner of the catalog's problems in the YAML editor. */
const OWNER = 'openkpi';

/**
 * The whole catalog as YAML in Grafana's code editor, each problem of the core's validation marked
 * at its line and column (squiggle, gutter, hover message), for those who prefer text.
 */
export function YamlEditor({
  text,
  problems,
  onChange,
}: {
  text: string;
  problems: Problem[];
  onChange: (text: string) => void;
}) {
  const editor = useRef<{ editor: MonacoEditor; monaco: Monaco }>();

  const mark = () => {
    const e = editor.current;
    const model = e?.editor.getModel();
    if (!e || !model) {
      return;
    }
    e.monaco.editor.setModelMarkers(
      model,
      OWNER,
      problems
        .filter((p) => p.line > 0)
        .map((p) => ({
          severity: e.monaco.MarkerSeverity.Error,
          message: p.path ? `${p.path}: ${p.message}` : p.message,
          startLineNumber: p.line,
          startColumn: Math.max(1, p.col),
          endLineNumber: p.line,
          endColumn: model.getLineMaxColumn(Math.min(p.line, model.getLineCount())),
        }))
    );
  };
  useEffect(mark);

  return (
    <div data-testid={testIds.editor.yaml}>
      <CodeEditor
        language="yaml"
        value={text}
        height={520}
        showLineNumbers
        showMiniMap={false}
        onChange={onChange}
        onBlur={onChange}
        onEditorDidMount={(ed, monaco) => {
          editor.current = { editor: ed, monaco };
          mark();
          // Opened to fix something: show the first problem rather than the top of a long catalog.
          const first = problems.find((p) => p.line > 0);
          if (first) {
            ed.revealLineInCenter(first.line);
          }
        }}
      />
    </div>
  );
}
