package config

import (
	"crypto/rand"
	"encoding/base64"
)

func randomSecret() string {
	b := make([]byte, 48)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
