"""The live preview behind `pressroom serve`: rebuilds (`session`), what they publish
(`status`), the web server (`server`) and the script it adds to pages (`inject`, `live.js`)."""
