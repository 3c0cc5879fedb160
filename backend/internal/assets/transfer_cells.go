package assets

import (
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/transfer"
)

// fieldColumns name the file columns of the API fields in the services' validation errors.
var fieldColumns = map[string]string{"model_id": "model", "location_id": "location", "holder_id": "holder_email",
	"supplier_name": "supplier", "tag_ids": "tags"}

// model resolves the model column (with the brand column when several brands have a model of that name).
func modelCell(c *transfer.Cells, l *lookups) Opt[uuid.UUID] {
	x, ok := c.Has("model")
	switch {
	case !ok:
		return Opt[uuid.UUID]{}
	case x == "":
		return Opt[uuid.UUID]{Set: true, Null: true}
	}
	var found []Model
	for _, m := range l.models[strings.ToLower(x)] {
		if b := c.V["brand"]; b == "" || strings.EqualFold(b, m.BrandName) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		c.Bad("model", fmt.Sprintf("no active model %q (of brand %q) exists here", x, c.V["brand"]))
	case 1:
		return Some(found[0].ID)
	default:
		c.Bad("brand", "several brands have a model "+x+": name the brand")
	}
	return Opt[uuid.UUID]{}
}
