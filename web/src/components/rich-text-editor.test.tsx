import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { RichTextEditor, storedHtml } from './rich-text-editor';

function Harness({ initial, onChange }: { initial: string; onChange: (html: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <RichTextEditor
        label="Summary"
        value={value}
        error={value.includes('bad') ? 'The summary is not allowed.' : undefined}
        onChange={(html) => {
          setValue(html);
          onChange(html);
        }}
      />
      <button type="button" onClick={() => setValue('<p>Set from outside</p>')}>
        Reset
      </button>
    </>
  );
}

function setup(initial: string) {
  const onChange = vi.fn();
  render(
    <MantineProvider>
      <Harness initial={initial} onChange={onChange} />
    </MantineProvider>,
  );
  return { onChange, box: screen.getByRole('textbox', { name: 'Summary' }) };
}

/** Selects the whole document of the focused editor, as Ctrl+A would. */
function selectAll(box: HTMLElement) {
  const range = document.createRange();
  range.selectNodeContents(box);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  box.dispatchEvent(new Event('selectionchange', { bubbles: true }));
  document.dispatchEvent(new Event('selectionchange'));
}

/** Selects everything and presses a toolbar button. */
async function formatAll(box: HTMLElement, button: string) {
  box.focus();
  selectAll(box);
  await userEvent.click(screen.getByRole('button', { name: button }));
}

describe('RichTextEditor', () => {
  it('is a multi-line textbox named by its label, showing the stored HTML', () => {
    const { box } = setup('<p>Check the <strong>invoice</strong></p>');
    expect(box).toHaveAttribute('aria-multiline', 'true');
    expect(box).toHaveAttribute('contenteditable', 'true');
    expect(box.querySelector('strong')?.textContent).toBe('invoice');
    expect(screen.getByRole('toolbar', { name: 'Summary formatting' })).toBeInTheDocument();
  });

  it('the Bold button formats the selection and reports the HTML, pressed while bold', async () => {
    const { box, onChange } = setup('<p>Urgent</p>');
    await formatAll(box, 'Bold');
    expect(onChange).toHaveBeenLastCalledWith('<p><strong>Urgent</strong></p>');
    expect(screen.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('the Bulleted list button turns the paragraph into a list', async () => {
    const { box, onChange } = setup('<p>One item</p>');
    await formatAll(box, 'Bulleted list');
    expect(onChange).toHaveBeenLastCalledWith('<ul><li><p>One item</p></li></ul>');
  });

  it('a value set from outside replaces the document without reporting a change', async () => {
    const { box, onChange } = setup('<p>Before</p>');
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(box.textContent).toBe('Set from outside');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('an empty document is stored as no summary', () => {
    expect(storedHtml('<p></p>')).toBe('');
    expect(storedHtml('<p>Kept</p>')).toBe('<p>Kept</p>');
  });

  it('the server’s message is tied to the textbox', () => {
    const { box } = setup('<p>bad</p>');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    const described = box.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(described)?.textContent).toBe('The summary is not allowed.');
  });
});
