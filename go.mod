module briefing

go 1.26.0

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/gosimple/slug v1.15.0
	github.com/yuin/goldmark v1.8.7
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/net v0.62.0
	golang.org/x/sys v0.49.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/gosimple/unidecode v1.0.1 // indirect
	golang.org/x/text v0.44.0 // indirect
)
