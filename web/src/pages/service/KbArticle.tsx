// One knowledge-base article (read, vote, and for editors publish / unpublish / archive /
// delete), and the editor form for a new or an existing article (title, body, tags, language).
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey } from '../../api';
import { formatDateTime, t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { Badge, ErrorBanner, Facts, Field, FormActions, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { NameOf, Row, tone } from '../accounting/parts';
import { LANGUAGES } from './Kb';

const VERBS: [string, string[]][] = [
  ['publish', ['draft', 'archived']], ['unpublish', ['published']], ['archive', ['draft', 'published']],
];

export function KbArticle({ params }: RouteProps) {
  const r = useApi<Row>(`kb/articles/${params.id}`);
  const verb = useAction(async (name: string) => {
    if (name === 'delete') {
      if (!window.confirm(t('kb.delete_confirm'))) return;
      await api.del(`kb/articles/${params.id}`, { ifMatch: r.data?.version });
      navigate('/kb');
      return;
    }
    await api.post(`kb/articles/${params.id}/${name}`, {}, { ifMatch: r.data?.version });
    r.reload();
  });
  const vote = useAction(async (helpful: boolean) => {
    await api.post(`kb/articles/${params.id}/feedback`, { helpful });
    r.reload();
  });
  if (!r.data) return r.error ? <ErrorBanner error={r.error} /> : <Loading />;
  const a = r.data;
  return (
    <>
      <PageHeader title={a.title} subtitle={<Badge prefix="kb.status" value={a.status} tone={tone(a.status)} />}>
        {can('kb.article.update') && <button type="button" onClick={() => navigate(`/kb/articles/${a.id}/edit`)}>{t('action.edit')}</button>}
        {can('kb.article.update') && VERBS.filter(([, from]) => from.includes(a.status)).map(([name]) => (
          <button key={name} type="button" disabled={verb.busy} onClick={() => void verb.run(name)}>{t(`kb.verb.${name}` as 'kb.verb.publish')}</button>))}
        {can('kb.article.delete') && <button type="button" class="danger" disabled={verb.busy} onClick={() => void verb.run('delete')}>{t('action.delete')}</button>}
        {can('security.audit.read') && <Link href={`/audit?entity=kb_article&id=${a.id}`}>{t('nav.audit')}</Link>}
      </PageHeader>
      <ErrorBanner error={verb.error} onReload={() => { verb.setError(null); r.reload(); }} />
      <div class="grid wide">
        <Section title={t('kb.article')} id="kb-body">
          <div class="article-body" lang={a.language === 'zh' ? 'zh-Hans' : a.language}>{a.body}</div>
        </Section>
        <Section title={t('common.details')} id="kb-facts">
          <Facts items={[
            [t('kb.language'), tValue('kb.lang', a.language)],
            [t('kb.tags'), (a.tags ?? []).join(', ') || '—'],
            [t('kb.author'), <NameOf kind="users" id={a.owner_user_id} />],
            [t('kb.published_at'), formatDateTime(a.published_at)],
            [t('common.updated'), formatDateTime(a.updated_at)],
            [t('kb.helpful'), t('kb.votes', { yes: a.helpful_count ?? 0, no: a.unhelpful_count ?? 0 })],
          ]} />
          <div class="toolbar" role="group" aria-label={t('svc.helpful_q')}>
            <span class="muted">{t('svc.helpful_q')}</span>
            <button type="button" disabled={vote.busy} onClick={() => void vote.run(true)}>{t('common.yes')}</button>
            <button type="button" disabled={vote.busy} onClick={() => void vote.run(false)}>{t('common.no')}</button>
          </div>
          <ErrorBanner error={vote.error} />
        </Section>
      </div>
    </>
  );
}

interface Form { title: string; body: string; tags: string; language: string; status: string }

export function KbEditor({ params }: RouteProps) {
  const editing = params.id !== undefined;
  const existing = useApi<Row>(editing ? `kb/articles/${params.id}` : null);
  const [f, setF] = useState<Form>({ title: '', body: '', tags: '', language: 'en', status: 'draft' });
  const [key] = useState(newIdempotencyKey);
  useEffect(() => {
    const a = existing.data;
    if (a) setF({ title: a.title ?? '', body: a.body ?? '', tags: (a.tags ?? []).join(', '), language: a.language ?? 'en', status: a.status });
  }, [existing.data]);
  const set = (k: keyof Form) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const save = useAction(async () => {
    const body: Row = { title: f.title.trim(), body: f.body, language: f.language.trim().toLowerCase(),
                        tags: f.tags.split(/[,，]/).map((x) => x.trim()).filter(Boolean) };
    const saved = editing
      ? await api.patch<Row>(`kb/articles/${params.id}`, body, { ifMatch: existing.data?.version })
      : await api.post<Row>('kb/articles', { ...body, status: f.status }, { idempotencyKey: key });
    navigate(`/kb/articles/${saved.id}`, true);
  });
  if (editing && !existing.data) return existing.error ? <ErrorBanner error={existing.error} /> : <Loading />;
  return (
    <>
      <PageHeader title={editing ? t('kb.edit') : t('kb.new')} />
      <form class="card" noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={save.error} onReload={() => { save.setError(null); existing.reload(); }} />
        <Field label={t('kb.title')} name="title" error={save.error} value={f.title} onInput={set('title')} maxLength={200} required />
        <div class="form-grid">
          <Field label={t('kb.language')} name="language" error={save.error} value={f.language} onInput={set('language')}
                 list="kb-languages" hint={t('kb.language_hint')} />
          <datalist id="kb-languages">{LANGUAGES.map((l) => <option key={l} value={l}>{tValue('kb.lang', l)}</option>)}</datalist>
          <Field label={t('kb.tags')} name="tags" error={save.error} value={f.tags} onInput={set('tags')} hint={t('kb.tags_hint')} />
          {!editing && (
            <Field label={t('common.status')} name="status" error={save.error}>
              <select id="f-status" value={f.status} onChange={set('status')}>
                {['draft', 'published'].map((s) => <option key={s} value={s}>{tValue('kb.status', s)}</option>)}
              </select>
            </Field>
          )}
        </div>
        <Field label={t('kb.body')} name="body" error={save.error}>
          <textarea id="f-body" rows={14} value={f.body} onInput={set('body')} />
        </Field>
        <FormActions busy={save.busy} />
      </form>
    </>
  );
}
