# Sizes and measures in sentences (issue 19).

fmt-upload-hint = حتى { $size }. يُستأنف الرفع من حيث توقف إذا انقطع الاتصال.
fmt-master-export = تحضير نسخة البث ({ $loudness })
fmt-download-size = تنزيل الفيديو ({ $size })
