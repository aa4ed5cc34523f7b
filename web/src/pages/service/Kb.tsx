// The knowledge base: search (GET /kb/search), "ask a question" (POST /kb/answer: ranked
// answers with highlighted passages and "was this helpful"), and for editors the list of all
// articles by status with a button to write a new one.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { formatDate, t, tValue } from '../../i18n';
import { navigate, RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { Badge, ErrorBanner, PageHeader, Section } from '../../ui/components';
import { DataTable } from '../../ui/DataTable';
import { useAction, useApi, useDebounced } from '../../ui/hooks';
import { QuerySelect, Row, tone } from '../accounting/parts';
import { Answers } from './TicketSections';

export const LANGUAGES = ['en', 'zh'];

function Ask() {
  const [question, setQuestion] = useState('');
  const [language, setLanguage] = useState('');
  const ask = useAction(async () => api.post<{ items: Row[]; terms: string[] }>('kb/answer', {
    question: question.trim(), language: language || undefined, limit: 5,
  }));
  const [answer, setAnswer] = useState<{ items: Row[]; terms: string[]; question: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const a = await ask.run();
    if (a) setAnswer({ ...a, question: question.trim() });
  };
  return (
    <Section title={t('kb.ask')} id="kb-ask">
      <form onSubmit={submit} class="filters">
        <div class="field grow"><label for="kb-question">{t('kb.question')}</label>
          <input id="kb-question" value={question} placeholder={t('kb.question_hint')} maxLength={1000}
                 onInput={(e) => setQuestion(e.currentTarget.value)} /></div>
        <div class="field"><label for="kb-lang">{t('kb.language')}</label>
          <select id="kb-lang" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            {LANGUAGES.map((l) => <option key={l} value={l}>{tValue('kb.lang', l)}</option>)}
          </select></div>
        <div class="field"><span>&nbsp;</span>
          <button type="submit" class="primary" disabled={ask.busy || !question.trim()}>{t('kb.ask_button')}</button></div>
      </form>
      <ErrorBanner error={ask.error} />
      {answer && (
        <div aria-live="polite">
          {answer.terms.length > 0 && <p class="muted">{t('kb.terms')}: {answer.terms.join(' · ')}</p>}
          <Answers items={answer.items} question={answer.question} testid="answers" />
        </div>
      )}
    </Section>
  );
}

function SearchBox() {
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 300);
  const r = useApi<{ items: Row[] }>(term ? 'kb/search' : null, { q: term, limit: 20 });
  return (
    <Section title={t('kb.search')} id="kb-search">
      <div class="field"><label for="kb-q">{t('kb.search_words')}</label>
        <input id="kb-q" type="search" value={q} maxLength={200} placeholder={t('kb.search_hint')}
               onInput={(e) => setQ(e.currentTarget.value)} /></div>
      <ErrorBanner error={r.error} />
      {term && r.data && <Answers items={r.data.items} question={term} testid="search-results" />}
    </Section>
  );
}

export function KnowledgeBase({ query }: RouteProps) {
  const editor = can('kb.article.create') || can('kb.article.update');
  const filter = { status: query.get('status') ?? (editor ? '' : 'published'), language: query.get('language') ?? '' };
  return (
    <>
      <PageHeader title={t('nav.kb')}>
        {can('kb.article.create') && <button type="button" class="primary" onClick={() => navigate('/kb/new')}>{t('kb.new')}</button>}
      </PageHeader>
      <div class="grid">
        <Ask />
        <SearchBox />
      </div>
      <Section title={t('kb.articles')} id="kb-articles">
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          {editor && <QuerySelect name="status" label={t('common.status')} query={query} all={t('common.all')}
                                  options={['draft', 'published', 'archived'].map((s) => [s, tValue('kb.status', s)])} />}
          <QuerySelect name="language" label={t('kb.language')} query={query} all={t('common.all')}
                       options={LANGUAGES.map((l) => [l, tValue('kb.lang', l)])} />
          {(filter.status || filter.language) && (
            <div class="field"><span>&nbsp;</span>
              <button type="button" onClick={() => setQuery({ status: null, language: null })}>{t('action.clear')}</button></div>)}
        </form>
        <DataTable<Row> path="kb/articles" query={filter} label={t('kb.articles')} rowHref={(a) => `/kb/articles/${a.id}`}
          columns={[
            { key: 'title', label: t('kb.title'), sort: 'title' },
            { key: 'language', label: t('kb.language'), render: (a) => tValue('kb.lang', a.language) },
            { key: 'tags', label: t('kb.tags'), render: (a) => (a.tags ?? []).join(', ') },
            { key: 'status', label: t('common.status'), render: (a) => <Badge prefix="kb.status" value={a.status} tone={tone(a.status)} /> },
            { key: 'helpful', label: t('kb.helpful'), align: 'right', render: (a) => `${a.helpful_count ?? 0} / ${(a.helpful_count ?? 0) + (a.unhelpful_count ?? 0)}` },
            { key: 'updated', label: t('common.updated'), render: (a) => formatDate(a.updated_at), sort: 'updated_at' },
          ]} />
      </Section>
    </>
  );
}
