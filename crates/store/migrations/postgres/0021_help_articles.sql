-- The help centre (issue 18): short articles in Arabic and French, written by staff and
-- found by the same search index as capsules. The bodies are the authors' plain text with
-- a few marks (paragraphs, lists, headings, bold), rendered escaped by the web layer.
CREATE TABLE help_articles (
    id UUID PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL CHECK (topic IN ('sign_in', 'data_saver', 'offline', 'video', 'exercises', 'other')),
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    body_ar TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    author_id UUID REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- The search index follows the articles changed since it last looked.
CREATE INDEX help_articles_updated ON help_articles(updated_at);
