// Asks the user for one line of text in a dialog and resolves with it (null when cancelled):
//   const [dialog, ask] = usePrompt();  ...  const reason = await ask({title, label});
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Dialog, Field } from './components';

interface Question {
  title: string;
  label: string;
  hint?: string;
  confirm?: string;
}

export function usePrompt() {
  const [question, setQuestion] = useState<Question | null>(null);
  const [text, setText] = useState('');
  const resolver = useRef<((value: string | null) => void) | null>(null);
  const finish = (value: string | null) => {
    resolver.current?.(value);
    resolver.current = null;
    setQuestion(null);
    setText('');
  };
  const ask = (q: Question) => new Promise<string | null>((resolve) => {
    resolver.current = resolve;
    setQuestion(q);
  });
  const dialog = (
    <Dialog title={question?.title ?? ''} open={question !== null} onClose={() => finish(null)}>
      {question?.hint && <p>{question.hint}</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) finish(text.trim()); }}>
        <Field label={question?.label ?? ''} name="prompt" value={text} autoFocus
               onInput={(e) => setText(e.currentTarget.value)} />
        <div class="toolbar">
          <button type="submit" class="primary" disabled={!text.trim()}>
            {question?.confirm ?? t('action.confirm')}</button>
          <button type="button" onClick={() => finish(null)}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
  return [dialog, ask] as const;
}
