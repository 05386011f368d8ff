// Markup written on the server by dashboard/components/static_html.py, where every text and
// attribute is escaped: drawn by the browser in one step instead of a component per element.
window.dashboard_components = Object.assign(window.dashboard_components || {}, {
    StaticHtml: function StaticHtml(props) {
        return React.createElement("div", {
            id: props.id,
            className: props.className,
            dangerouslySetInnerHTML: {__html: props.html},
        });
    },
});
