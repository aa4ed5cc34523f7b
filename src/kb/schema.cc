#include "kb/schema.h"

#include <string>

namespace concord::kb {
namespace {

// Both dialects; the PostgreSQL text adds the tsvector column after the table.
constexpr const char* kTables = R"sql(
CREATE TABLE kb_articles (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  owner_user_id BIGINT REFERENCES users (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  language TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  helpful_count BIGINT NOT NULL DEFAULT 0,
  unhelpful_count BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  published_at TEXT,
  deleted_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (status IN ('draft', 'published', 'archived'))
);
CREATE INDEX kb_articles_company ON kb_articles (company_id, id);
CREATE INDEX kb_articles_language ON kb_articles (company_id, language, id);

CREATE TABLE kb_article_tags (
  article_id BIGINT NOT NULL REFERENCES kb_articles (id),
  company_id BIGINT NOT NULL REFERENCES companies (id),
  tag TEXT NOT NULL,
  PRIMARY KEY (article_id, tag)
);
CREATE INDEX kb_article_tags_tag ON kb_article_tags (company_id, tag, article_id);

CREATE TABLE kb_feedback (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  article_id BIGINT NOT NULL REFERENCES kb_articles (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  helpful BIGINT NOT NULL,
  question TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (article_id, user_id)
);
CREATE INDEX kb_feedback_company ON kb_feedback (company_id, id);
)sql";

// SQLite: two FTS5 tables keyed by the article id (rowid), written by the service in the
// article's transaction. The word index holds kb::WordIndexText (Porter-stemmed words, CJK
// bigrams and characters); the trigram index holds the raw title and body (substrings of 3+
// characters, in any script).
constexpr const char* kSqliteFts = R"sql(
CREATE VIRTUAL TABLE kb_fts_words USING fts5(title, body,
  tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE kb_fts_tri USING fts5(title, body, tokenize = 'trigram');
)sql";

// PostgreSQL: the word index is a tsvector (english configuration over kb::WordIndexText,
// title weight A, body weight B). pg_trgm is optional: without it (no package, no privilege)
// the migration still succeeds and substring search is a plain ILIKE.
constexpr const char* kPostgresSearch = R"sql(
ALTER TABLE kb_articles ADD COLUMN search_words tsvector;
CREATE INDEX kb_articles_search ON kb_articles USING gin (search_words);
DO $kb$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%); knowledge base substring search uses ILIKE',
      SQLERRM;
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX kb_articles_trgm ON kb_articles USING gin '
            '((title || '' '' || body) public.gin_trgm_ops)';
  END IF;
END
$kb$;
)sql";

// Broad questions look for their common words in the titles first (kb/ranking.cc). SQLite: a
// word index of the titles alone (kb::WordIndexText of the title, as kb_fts_words holds it,
// from which it is filled), so that "title holds x" reads x's titles, not every article that
// holds x. PostgreSQL indexes the title's lexemes (weight A) of the word index.
constexpr const char* kSqliteTitleWords = R"sql(
CREATE VIRTUAL TABLE kb_fts_titles USING fts5(title,
  tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO kb_fts_titles (rowid, title) SELECT rowid, title FROM kb_fts_words;
)sql";

constexpr const char* kPostgresTitleWords = R"sql(
CREATE INDEX kb_articles_search_title ON kb_articles USING gin (ts_filter(search_words, '{a}'));
)sql";

}  // namespace

store::AreaMigrations Migrations() {
  store::AreaMigrations area{"kb", {"security"}, {}};
  store::Migration m{"kb", 1, "articles, tags, feedback, full-text indexes", ""};
  m.sqlite = std::string(kTables) + kSqliteFts;
  m.postgres = std::string(kTables) + kPostgresSearch;
  area.steps.push_back(std::move(m));
  store::Migration titles{"kb", 2, "title words indexed for broad questions", ""};
  titles.sqlite = kSqliteTitleWords;
  titles.postgres = kPostgresTitleWords;
  area.steps.push_back(std::move(titles));
  return area;
}

}  // namespace concord::kb
