// A kanban board over GET /boards/{board}: columns with counts and sums; dragging a card (or
// its move buttons, for keyboard users) calls the move verb, whose guards apply. Changes by
// anyone arrive over the board's server-sent event stream and re-read the board.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { formatMoney, t, tDynamic } from '../i18n';
import { Link } from '../router';
import { subscribe } from '../sse';
import { ErrorBanner, Loading } from './components';

export interface Card {
  id: number;
  number?: string;
  title?: string;
  party_name?: string;
  owner_name?: string;
  version?: number;
  [k: string]: unknown;
}

interface Column {
  key: string;
  title: string;
  count: number;
  sums?: { amount: string; currency: string }[];
  sum?: { amount: string; currency: string };
  cards: Card[];
}

interface BoardData {
  board: string;
  columns: Column[];
  last_event_id: number;
}

interface Props {
  board: 'opportunities' | 'sales-orders' | 'tickets';
  cardHref: (card: Card) => string;
  renderCard: (card: Card) => ComponentChildren;
  filters?: Record<string, string>;
  /** Called before a move: the extra input of the verb (e.g. a lost reason), or null to stop. */
  beforeMove?: (card: Card, to: string) => Promise<Record<string, unknown> | null>;
}

export function Board(props: Props) {
  const [data, setData] = useState<BoardData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  const dragged = useRef<{ card: Card; from: string } | null>(null);
  const reloadTimer = useRef<number>(0);

  const load = async () => {
    try {
      setData(await api.get<BoardData>(`boards/${props.board}`, props.filters));
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    void load();
  }, [props.board, JSON.stringify(props.filters)]);

  // One stream per board page, opened after the first read so no change in between is lost.
  const lastId = data?.last_event_id;
  const opened = lastId !== undefined;
  useEffect(() => {
    if (!opened) return undefined;
    const handle = subscribe(`/api/v1/boards/${props.board}/stream?after=${lastId}`, () => {
      window.clearTimeout(reloadTimer.current);
      reloadTimer.current = window.setTimeout(() => void load(), 100);
    }, setLive);
    return () => { handle.close(); setLive(false); };
  }, [props.board, opened]);

  const move = async (card: Card, from: string, to: string) => {
    if (from === to) return;
    setError(null);
    const extra = props.beforeMove ? await props.beforeMove(card, to) : {};
    if (extra === null) return;
    try {
      await api.post(`boards/${props.board}/cards/${card.id}/move`, { ...extra, to, version: card.version });
    } catch (e) {
      setError(e);
    }
    await load();
  };

  if (!data) return error ? <ErrorBanner error={error} /> : <Loading />;
  const keys = data.columns.map((c) => c.key);
  return (
    <div>
      <p class="muted live" aria-live="polite" data-live={live ? 'on' : 'off'}>
        {live ? t('board.live') : ''}
      </p>
      <ErrorBanner error={error} onReload={() => { setError(null); void load(); }} />
      <div class="board" role="list" aria-label={props.board}>
        {data.columns.map((col, ci) => (
          <section key={col.key} class="board-col" role="listitem" data-column={col.key}
                   aria-label={col.title}
                   onDragOver={(e) => { e.preventDefault(); }}
                   onDrop={(e) => {
                     e.preventDefault();
                     const d = dragged.current;
                     dragged.current = null;
                     if (d) void move(d.card, d.from, col.key);
                   }}>
            <header>
              <h2>{tDynamic(`board.${props.board}.${col.key}`, col.title)}</h2>
              <span class="count" data-testid="count">{col.count}</span>
              {(col.sum ?? col.sums?.[0]) && (
                <span class="sum">{formatMoney((col.sum ?? col.sums![0]).amount,
                                               (col.sum ?? col.sums![0]).currency)}</span>
              )}
            </header>
            <ul>
              {col.cards.map((card) => (
                <li key={card.id} class="board-card" draggable data-card={card.id}
                    onDragStart={(e) => {
                      dragged.current = { card, from: col.key };
                      e.dataTransfer?.setData('text/plain', String(card.id));
                    }}>
                  <Link href={props.cardHref(card)}>{card.number ?? card.title ?? `#${card.id}`}</Link>
                  {props.renderCard(card)}
                  <div class="card-moves">
                    {ci > 0 && <button type="button" class="icon" title={t('action.move_left')}
                                       aria-label={`${t('action.move_left')}: ${card.number ?? card.id}`}
                                       onClick={() => void move(card, col.key, keys[ci - 1])}>◀</button>}
                    {ci < keys.length - 1 && <button type="button" class="icon" title={t('action.move_right')}
                                       aria-label={`${t('action.move_right')}: ${card.number ?? card.id}`}
                                       onClick={() => void move(card, col.key, keys[ci + 1])}>▶</button>}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
