-- Puyu schema, version 4: what reviewers add to conversations (ai.puyu.admin).
-- Same portable subset as V1 (PostgreSQL 15+ and H2 2.4 in its default mode): one column per
-- ALTER TABLE statement (the two databases spell multi-column ALTERs differently).

-- A reviewer's judgement of an assistant reply: 'good' or 'bad' (null: not rated), who gave it and when.
ALTER TABLE message ADD COLUMN rating VARCHAR(8);
ALTER TABLE message ADD COLUMN rated_by VARCHAR(200);
ALTER TABLE message ADD COLUMN rated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE message ADD CONSTRAINT ck_message_rating CHECK (rating IN ('good', 'bad'));

-- A flag on a whole conversation: set (flagged_at not null) with a reason by a reviewer, cleared by one.
-- Flagging and rating do not move conversation.updated_at: judging is not a change to the conversation.
ALTER TABLE conversation ADD COLUMN flagged_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation ADD COLUMN flagged_by VARCHAR(200);
ALTER TABLE conversation ADD COLUMN flag_reason VARCHAR(1000);

-- Tags of a flagged conversation (lower case), one row each, so that the list can filter on one.
CREATE TABLE conversation_tag (
    conversation_id BIGINT      NOT NULL,
    tag             VARCHAR(50) NOT NULL,
    CONSTRAINT pk_conversation_tag PRIMARY KEY (conversation_id, tag),
    CONSTRAINT fk_conversation_tag_conversation FOREIGN KEY (conversation_id)
        REFERENCES conversation (id) ON DELETE CASCADE
);
CREATE INDEX ix_conversation_tag_tag ON conversation_tag (tag);

-- The review list's filters: by start date, model and flag on conversations; by rating and finish
-- reason on messages (status has its index since V1; message.conversation_id leads uk_message_seq).
CREATE INDEX ix_conversation_created ON conversation (created_at);
CREATE INDEX ix_conversation_model ON conversation (model);
CREATE INDEX ix_conversation_flagged ON conversation (flagged_at);
CREATE INDEX ix_message_rating ON message (rating);
CREATE INDEX ix_message_finish_reason ON message (finish_reason);
