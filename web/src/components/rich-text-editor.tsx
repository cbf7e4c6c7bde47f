import { Group, Input, UnstyledButton } from '@mantine/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useMemo } from 'react';

/** The HTML an empty document gives, stored as no summary. */
const EMPTY = '<p></p>';
export const storedHtml = (html: string) => (html === EMPTY ? '' : html);

/** Toolbar icons: drawn, so that no visible text competes with the buttons' names. */
const ICONS: Record<string, string> = {
  bold: 'M7 5h6a3.5 3.5 0 0 1 0 7H7zM7 12h7a3.5 3.5 0 0 1 0 7H7z',
  italic: 'M11 5h6M7 19h6M14 5l-4 14',
  bulletList: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  orderedList: 'M11 6h9M11 12h9M11 18h9M4 16a2 2 0 1 1 4 0c0 .6-.5 1-1 1.5L4 20h4M6 10V4L4 6',
};
const MARKS = [
  { name: 'bold', label: 'Bold', run: (c: Chain) => c.toggleBold() },
  { name: 'italic', label: 'Italic', run: (c: Chain) => c.toggleItalic() },
  { name: 'bulletList', label: 'Bulleted list', run: (c: Chain) => c.toggleBulletList() },
  { name: 'orderedList', label: 'Numbered list', run: (c: Chain) => c.toggleOrderedList() },
] as const;
type Chain = ReturnType<NonNullable<ReturnType<typeof useEditor>>['chain']>;

/**
 * A rich-text field (Tiptap): bold, italic and lists, kept as the HTML the API stores
 * (what RichText shows, sanitized). The editable area is a multi-line textbox named by the
 * label; Ctrl+B / Ctrl+I and the toolbar's toggle buttons format the selection.
 */
export function RichTextEditor({
  label,
  value,
  onChange,
  description,
  error,
}: {
  label: string;
  value: string;
  onChange: (html: string) => void;
  description?: string;
  error?: string;
}) {
  const id = useId();
  const labelId = `${id}-label`;
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(' ');
  const attributes = useMemo(() => {
    const a: Record<string, string> = {
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': labelId,
      class: 'rich-text rich-text-editor',
    };
    if (describedBy) a['aria-describedby'] = describedBy;
    if (error) a['aria-invalid'] = 'true';
    return a;
  }, [labelId, describedBy, error]);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        codeBlock: false,
        trailingNode: false,
        link: { openOnClick: false },
      }),
    ],
    content: value,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes,
    },
    onUpdate: ({ editor: e }) => onChange(storedHtml(e.getHTML())),
  });
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => Object.fromEntries(MARKS.map((m) => [m.name, e?.isActive(m.name) ?? false])),
  });
  // A value set from outside (the saved step, a reset) replaces the document.
  useEffect(() => {
    if (editor && storedHtml(editor.getHTML()) !== value)
      editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);
  useEffect(() => {
    editor?.setOptions({ editorProps: { attributes } });
  }, [editor, attributes]);

  return (
    <Input.Wrapper
      label={label}
      labelElement="div"
      labelProps={{ id: labelId, onClick: () => editor?.commands.focus() }}
      description={description}
      descriptionProps={{ id: descriptionId }}
      error={error}
      errorProps={{ id: errorId }}
    >
      <div className="rich-text-frame" data-invalid={error ? true : undefined}>
        <Group gap={2} role="toolbar" aria-label={`${label} formatting`} className="rich-text-toolbar">
          {MARKS.map((m) => (
            <UnstyledButton
              key={m.name}
              type="button"
              className="rich-text-tool"
              aria-label={m.label}
              aria-pressed={active?.[m.name] ?? false}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => editor && m.run(editor.chain().focus()).run()}
            >
              <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path
                  d={ICONS[m.name]}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={m.name === 'bold' ? 2.5 : 2}
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </UnstyledButton>
          ))}
        </Group>
        <EditorContent editor={editor} />
      </div>
    </Input.Wrapper>
  );
}
