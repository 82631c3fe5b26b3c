"""The PNG encoder, importing nothing of pressroom: quantize and encode (encode), the deflate
stream (stream)."""
