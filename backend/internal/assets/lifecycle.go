package assets

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// The lifecycle rules shared by assets and peripherals (SPEC §2.1: peripherals have the same lifecycle). what names
// the item in messages ("asset", "peripheral").

func humanStatus(s string) string { return strings.ReplaceAll(s, "_", " ") }

// checkOutRules refuses a check-out of an item that is archived, already out or not in stock, to someone who is not an
// active member, or to an inactive location.
func checkOutRules(tx *gorm.DB, what, status string, archivedAt *time.Time, holder *uuid.UUID, user uuid.UUID, location *uuid.UUID, note string) error {
	if archivedAt != nil {
		return apperr.Conflict(fmt.Sprintf("An archived %s cannot be checked out.", what))
	}
	if status == InUse {
		var name string
		tx.Raw("SELECT name FROM users WHERE id = ?", holder).Scan(&name)
		return apperr.Conflict(fmt.Sprintf("The %s is already checked out to %s: check it in first.", what, name))
	}
	if status != InStock {
		return apperr.Conflict(fmt.Sprintf("Only %s in stock can be checked out; this one is %s.", withArticle(what), humanStatus(status)))
	}
	var f fieldErrors
	var n int64
	if err := tx.Table("memberships").Where("user_id = ? AND status = 'active'", user).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		f.add("user_id", "not_found", "is not an active member of this organisation")
	}
	if err := activeLocation(tx, location, "location_id", &f); err != nil {
		return err
	}
	noteLength(&f, note)
	return f.err("check-out")
}

// checkInRules refuses a check-in of an item that is not in use or to an inactive location.
func checkInRules(tx *gorm.DB, what, status string, location *uuid.UUID, note string) error {
	if status != InUse {
		return apperr.Conflict(fmt.Sprintf("Only %s in use can be checked in; this one is %s.", withArticle(what), humanStatus(status)))
	}
	var f fieldErrors
	if err := activeLocation(tx, location, "location_id", &f); err != nil {
		return err
	}
	noteLength(&f, note)
	return f.err("check-in")
}

// transitionRules refuses a move the state machine (Transitions) does not allow, saying what to do instead.
func transitionRules(what, status string, archivedAt *time.Time, to, note string) error {
	if archivedAt != nil {
		return apperr.Conflict(fmt.Sprintf("An archived %s cannot change status; restore it first.", what))
	}
	allowed := Transitions[status]
	if !slices.Contains(allowed, to) {
		msg := fmt.Sprintf("%s cannot go from %s to %s", strings.ToUpper(withArticle(what)[:1])+withArticle(what)[1:], status, to)
		switch {
		case to == InUse:
			msg += ": check it out to someone instead."
		case to == Disposed || to == Sold:
			msg += ": record its disposal instead."
		case status == InUse:
			msg += ": check it in first."
		case len(allowed) > 0:
			msg += "; allowed: " + strings.Join(allowed, ", ") + "."
		default:
			msg += "."
		}
		return apperr.Conflict(msg)
	}
	var f fieldErrors
	noteLength(&f, note)
	return f.err("transition")
}

func noteLength(f *fieldErrors, note string) {
	if len([]rune(note)) > 2000 {
		f.add("note", "too_long", "is longer than 2000 characters")
	}
}

func withArticle(what string) string {
	if strings.ContainsRune("aeiou", rune(what[0])) {
		return "an " + what
	}
	return "a " + what
}
