package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Break describes the first broken link of a chain.
type Break struct {
	Seq    int64
	ID     string
	Reason string
}

// ChainReport is the result of verifying one organisation's chain.
type ChainReport struct {
	Organization uuid.UUID
	Rows         int64
	FirstSeq     int64
	LastSeq      int64
	Broken       *Break
}

// OK reports whether the chain is intact.
func (r ChainReport) OK() bool { return r.Broken == nil }

// Verify recomputes the hash chain of one organisation (uuid.Nil: the platform chain) from the stored columns, in
// Go, without trusting any database function, and reports the first row whose content, link or sequence is wrong.
// It reads with the owner's connection (no row-level security) in one repeatable-read snapshot.
func Verify(ctx context.Context, pool *pgxpool.Pool, org uuid.UUID) (ChainReport, error) {
	rep := ChainReport{Organization: org}
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return rep, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	rows, err := tx.Query(ctx, `
		SELECT id::text, organization_id::text, seq, (extract(epoch FROM occurred_at) * 1000000)::bigint,
		       actor_type, actor_id, actor_name, action, entity_type, entity_id, entity_label,
		       request_id, client_ip, user_agent, changes::text, prev_hash, hash
		FROM audit_events WHERE organization_id = $1
		ORDER BY seq NULLS LAST, id`, org)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	var prev []byte
	var expectSeq int64
	for rows.Next() {
		var (
			id, orgText    string
			seq            *int64
			micros         int64
			cols           [10]string
			changes        string
			prevHash, hash []byte
		)
		if err := rows.Scan(&id, &orgText, &seq, &micros, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5],
			&cols[6], &cols[7], &cols[8], &cols[9], &changes, &prevHash, &hash); err != nil {
			return rep, err
		}
		rep.Rows++
		if seq == nil {
			rep.Broken = &Break{ID: id, Reason: "row was never sealed into the chain"}
			break
		}
		if rep.Rows == 1 {
			rep.FirstSeq = *seq
			prev = prevHash // a retention purge removes the beginning; the first kept row anchors the chain
			expectSeq = *seq
		}
		rep.LastSeq = *seq
		if *seq != expectSeq {
			rep.Broken = &Break{Seq: *seq, ID: id, Reason: fmt.Sprintf("sequence gap: expected %d (a row was removed)", expectSeq)}
			break
		}
		if !bytes.Equal(prevHash, prev) {
			rep.Broken = &Break{Seq: *seq, ID: id, Reason: "link broken: prev_hash does not match the previous row's hash"}
			break
		}
		parts := append([]string{id, orgText, strconv.FormatInt(*seq, 10), strconv.FormatInt(micros, 10)}, cols[:]...)
		parts = append(parts, changes)
		sum := sha256.Sum256(append(append([]byte{}, prev...), []byte(strings.Join(parts, "\x1f"))...))
		if !bytes.Equal(sum[:], hash) {
			rep.Broken = &Break{Seq: *seq, ID: id, Reason: "content altered: hash does not match the row"}
			break
		}
		prev = hash
		expectSeq++
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	if rep.Broken == nil && rep.Rows > 0 {
		var headSeq int64
		var headHash []byte
		err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_chain_heads WHERE organization_id = $1", org).Scan(&headSeq, &headHash)
		if err != nil || headSeq != rep.LastSeq || !bytes.Equal(headHash, prev) {
			rep.Broken = &Break{Seq: rep.LastSeq, Reason: "chain head does not match the last row (rows removed from the end?)"}
		}
	}
	return rep, nil
}

// Chains lists every organisation that has audit rows (uuid.Nil is the platform chain).
func Chains(ctx context.Context, pool *pgxpool.Pool) ([]uuid.UUID, error) {
	rows, err := pool.Query(ctx, "SELECT organization_id FROM audit_chain_heads UNION SELECT DISTINCT organization_id FROM audit_events ORDER BY 1")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
}

// HashHex renders a hash for people.
func HashHex(b []byte) string { return hex.EncodeToString(b) }
