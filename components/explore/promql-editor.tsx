"use client";

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { PromQLExtension } from "@prometheus-io/codemirror-promql";
import { useEffect, useRef } from "react";

/**
 * The PromQL editor (CodeMirror 6 + codemirror-promql): highlighting, completion of
 * metric names, label names and values (fetched through the console's read-only
 * proxy, so Prometheus credentials stay on the server), syntax and type errors
 * underlined while typing. Shift+Enter or Ctrl+Enter runs the query.
 */
export default function PromQLEditor({ value, onChange, onRun }: { value: string; onChange: (v: string) => void; onRun: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  useEffect(() => {
    callbacks.current = { onChange, onRun };
  }, [onChange, onRun]);

  useEffect(() => {
    if (!host.current) return;
    const promql = new PromQLExtension().setComplete({ remote: { url: "/api/prometheus", httpMethod: "GET", cache: { maxAge: 300_000 } } });
    const run = () => {
      callbacks.current.onRun();
      return true;
    };
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          promql.asExtension(),
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          placeholder('Expression, e.g. sum by (service) (rate(http_requests_total[5m]))'),
          Prec.highest(keymap.of([{ key: "Shift-Enter", run }, { key: "Mod-Enter", run }])),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
          EditorView.theme({
            "&": { background: "#121827", color: "#e4e8f1", border: "1px solid #263047", borderRadius: "4px", fontSize: "13px" },
            ".cm-content": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", caretColor: "#e4e8f1", padding: "8px 0" },
            "&.cm-focused": { outline: "1px solid #5b8def" },
            ".cm-tooltip": { background: "#171e2e", border: "1px solid #263047" },
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once; later `value` changes come from the editor itself
    // or from the history list (handled below).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div ref={host} data-testid="promql-editor" aria-label="PromQL expression" />;
}
